// The live-agent lock of a data dir: `<dataDir>/agent.lock` names the one long-lived process (serve, the desktop
// app, a CLI sync while it runs) that owns the catalog's runs. Others read it: a command that only reads (status,
// search, export) works alongside the holder but must not close the holder's 'running' runs as crashed, and a second
// agent or sync is refused. A lock whose process is gone (crash, kill -9) is stale: the next agent takes it over and
// does the crash recovery.
//
// Liveness is checked with process.kill(pid, 0) (EPERM means alive, owned by another user). A lock written on
// another host cannot be checked and counts as live. A lock naming this very process but not taken by it was left by
// an earlier process that had the same pid (containers start at pid 1 every time), so it is stale.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type AgentKind = 'serve' | 'desktop' | 'sync';

export interface AgentLockInfo {
  pid: number;
  hostname: string;
  kind: string;
  startedAt: string;
  /** Tells this holder apart from a later process that reuses its pid. */
  token: string;
}

export interface AgentLock {
  readonly path: string;
  readonly info: AgentLockInfo;
  /** The holder of the stale lock this one replaced, if any. */
  readonly tookOverFrom: AgentLockInfo | null;
  /** Removes the lock if it is still this one's; also done on process exit. Idempotent. */
  release(): void;
}

export class AgentLockHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: AgentLockInfo,
  ) {
    super(
      (holder.kind === 'sync'
        ? `another \`syncflow sync\` (${describeHolder(holder)}) is syncing the data dir ${dataDir}; wait until it ends`
        : `a running Syncflow agent (${describeHolder(holder)}) holds the data dir ${dataDir}; ` +
          'use Sync now in that agent, or stop it first') +
        ` (if that process is gone, delete ${agentLockPath(dataDir)})`,
    );
    this.name = 'AgentLockHeldError';
  }
}

export const agentLockPath = (dataDir: string): string => join(dataDir, 'agent.lock');

/** "serve, pid 4242 on host-a, since 2026-03-01T10:00:00.000Z" */
export function describeHolder(h: AgentLockInfo): string {
  return `${h.kind}, pid ${h.pid} on ${h.hostname}, since ${h.startedAt}`;
}

/** Tokens of the locks this process holds. */
const heldHere = new Set<string>();

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (code(err) === 'ENOENT') return null;
    throw err;
  }
}

/** The lock's content, or null when there is none or it is not a lock (garbage counts as stale). */
function parse(raw: string | null): AgentLockInfo | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as Partial<AgentLockInfo>;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0 || typeof v.hostname !== 'string') return null;
    return {
      pid: v.pid as number,
      hostname: v.hostname,
      kind: String(v.kind ?? 'agent'),
      startedAt: String(v.startedAt ?? ''),
      token: String(v.token ?? ''),
    };
  } catch {
    return null;
  }
}

export function readAgentLock(dataDir: string): AgentLockInfo | null {
  return parse(readRaw(agentLockPath(dataDir)));
}

/** Whether the process a lock names still runs (see the top of this file). */
export function isLive(info: AgentLockInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.pid === process.pid) return heldHere.has(info.token);
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return code(err) !== 'ESRCH';
  }
}

/** The live holder of the data dir's lock, or null when there is none or it is stale. */
export function liveAgent(dataDir: string): AgentLockInfo | null {
  const info = readAgentLock(dataDir);
  return info && isLive(info) ? info : null;
}

/**
 * Creates the lock only if there is none, with its full content at once: written to a temp file, then hard-linked
 * to the lock's name (link fails if the name exists). Where hard links are not supported, an exclusive create.
 */
export function tryCreate(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // Stryker disable next-line ObjectLiteral,StringLiteral: the name is random, so 'wx' only guards a collision no test can stage.
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    return createWithoutLink(path, content, err);
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the temp file was written above, so it always exists here.
    rmSync(tmp, { force: true });
  }
}

// Stryker disable all: reached only on filesystems without hard links (FAT, some network mounts), which the test
// machine has none of.
/** Where hard links are not supported: an exclusive create. */
function createWithoutLink(path: string, content: string, linkError: unknown): boolean {
  if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code(linkError) ?? '')) throw linkError;
  try {
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  }
}
// Stryker restore all

/**
 * Removes the stale lock whose content was `raw`. It is first renamed aside (atomic), so of two processes taking
 * it over only one moves it; if what was moved is no longer that stale lock (another process took over in between),
 * it is put back.
 */
export function removeStale(path: string, raw: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (code(err) === 'ENOENT') return;
    throw err;
  }
  try {
    if (readRaw(aside) !== raw) linkSync(aside, path);
  } catch {
    // A third lock appeared meanwhile: it stays; the caller's next attempt finds it.
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the rename above made the file, so it always exists here.
    rmSync(aside, { force: true });
  }
}

/** Takes the data dir's lock for this process, taking over a stale one; throws AgentLockHeldError if it is live. */
export function acquireAgentLock(dataDir: string, kind: AgentKind): AgentLock {
  const path = agentLockPath(dataDir);
  const info: AgentLockInfo = {
    pid: process.pid,
    hostname: hostname(),
    kind,
    startedAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const content = JSON.stringify(info) + '\n';
  let tookOverFrom: AgentLockInfo | null = null;
  // Stryker disable next-line EqualityOperator,UpdateOperator: more than one attempt needs another process racing for the lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, content)) return held(path, info, content, tookOverFrom);
    const raw = readRaw(path);
    // Stryker disable next-line all: a race (the lock released between two reads) no single process can stage.
    if (raw === null) continue; // released in between
    const current = parse(raw);
    if (current && isLive(current)) throw new AgentLockHeldError(dataDir, current);
    tookOverFrom = current;
    removeStale(path, raw);
  }
  // Stryker disable next-line all: only other processes racing for the lock five times in a row get here.
  throw new Error(`could not take ${path}: other processes keep taking it`);
}

function held(path: string, info: AgentLockInfo, content: string, tookOverFrom: AgentLockInfo | null): AgentLock {
  heldHere.add(info.token);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    heldHere.delete(info.token);
    try {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just read; it vanishes only in a race.
      if (readRaw(path) === content) rmSync(path, { force: true });
    } catch {
      // The data dir is gone or unreadable: nothing left to release.
    }
  };
  process.once('exit', release);
  return { path, info, tookOverFrom, release };
}

export interface DataDirClaim {
  /** Held when the opener is an agent. */
  lock: AgentLock | null;
  /** The live agent that holds the data dir, when the opener is not it. */
  holder: AgentLockInfo | null;
  /** Whether this opener may close 'running' runs as crashed (and finish other crash recovery). */
  recover: boolean;
  /** Only runs started before this are recovered (a sync that takes the lock after the check keeps its run). */
  startedBefore: string | null;
}

/**
 * How an engine opens a data dir. An agent (`kind`) takes the lock and recovers what a crashed predecessor left.
 * Any other opener recovers only when no live agent holds the lock.
 */
export function claimDataDir(dataDir: string, kind?: AgentKind): DataDirClaim {
  if (kind) return { lock: acquireAgentLock(dataDir, kind), holder: null, recover: true, startedBefore: null };
  const startedBefore = new Date().toISOString();
  const holder = liveAgent(dataDir);
  return { lock: null, holder, recover: holder === null, startedBefore };
}
