// The data dir's live-agent lock on real files with real processes: a child that holds it, a dead pid's stale lock.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireAgentLock,
  AgentLockHeldError,
  agentLockPath,
  claimDataDir,
  describeHolder,
  isLive,
  liveAgent,
  readAgentLock,
  removeStale,
  tryCreate,
  type AgentLock,
  type AgentLockInfo,
} from '../../src-main/engine/agentLock.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const holderScript = fileURLToPath(new URL('../fixtures/lockHolder.ts', import.meta.url));

/** Starts the lock-holder fixture; resolves with its first line ("held <pid>" or "refused <message>"). */
function startHolder(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', holderScript, dataDir], { cwd: repoRoot });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl) });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code} before reporting:\n${out}${err}`)));
  });
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** The pid of a process that has run and exited (so no process has it, barring reuse). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await exited(child as unknown as ChildProcessWithoutNullStreams);
  return child.pid!;
}

const lockOf = (pid: number, extra: Partial<AgentLockInfo> = {}): AgentLockInfo => ({
  pid,
  hostname: hostname(),
  kind: 'serve',
  startedAt: '2026-03-01T10:00:00.000Z',
  token: 'tok-of-an-earlier-process',
  ...extra,
});

describe('agent lock', () => {
  let tmp: ReturnType<typeof tempDir>;
  const held: AgentLock[] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    for (const l of held.splice(0)) l.release();
    for (const c of children.splice(0)) {
      c.stdin.end();
      await exited(c);
    }
    tmp.cleanup();
  });
  const take = (kind: 'serve' | 'sync' = 'sync') => {
    const l = acquireAgentLock(tmp.dir, kind);
    held.push(l);
    return l;
  };

  it('is written whole with pid, host, kind and start time, and removed on release', () => {
    const lock = take('sync');
    const text = readFileSync(agentLockPath(tmp.dir), 'utf8');
    // One line: `cat agent.lock` ends cleanly.
    expect(text).toBe(`${JSON.stringify(lock.info)}\n`);
    const onDisk = JSON.parse(text) as AgentLockInfo;
    expect(onDisk).toEqual(lock.info);
    expect(onDisk).toMatchObject({ pid: process.pid, hostname: hostname(), kind: 'sync' });
    expect(Date.parse(onDisk.startedAt)).not.toBeNaN();
    expect(lock.tookOverFrom).toBeNull();
    expect(liveAgent(tmp.dir)).toEqual(lock.info);
    // No temp files left next to it.
    expect(readdirSync(tmp.dir)).toEqual(['agent.lock']);
    lock.release();
    lock.release();
    expect(existsSync(agentLockPath(tmp.dir))).toBe(false);
    expect(liveAgent(tmp.dir)).toBeNull();
    take('serve');
  });

  it('is refused while this process holds it, and an opener that is not an agent does no recovery', () => {
    const lock = take('serve');
    expect(() => acquireAgentLock(tmp.dir, 'sync')).toThrow(AgentLockHeldError);
    expect(claimDataDir(tmp.dir)).toMatchObject({ lock: null, holder: lock.info, recover: false });
    lock.release();
    expect(claimDataDir(tmp.dir)).toMatchObject({ lock: null, holder: null, recover: true });
  });

  it('a live child process holding it is detected; the lock goes when the child exits', async () => {
    const { child, line } = await startHolder(tmp.dir);
    children.push(child);
    expect(line).toBe(`held ${child.pid}`);
    expect(liveAgent(tmp.dir)).toMatchObject({ pid: child.pid, hostname: hostname(), kind: 'serve' });
    let refused: unknown;
    try {
      acquireAgentLock(tmp.dir, 'sync');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AgentLockHeldError);
    expect((refused as AgentLockHeldError).holder.pid).toBe(child.pid);
    expect((refused as Error).message).toContain(`pid ${child.pid}`);
    expect((refused as Error).message).toContain('Sync now');
    expect(claimDataDir(tmp.dir)).toMatchObject({ recover: false, holder: { pid: child.pid } });

    // Another process is refused too, and leaves the holder's lock alone.
    const second = await startHolder(tmp.dir);
    expect(second.line).toMatch(new RegExp(`^refused .*pid ${child.pid}`));
    expect(await exited(second.child)).toBe(3);
    expect(readAgentLock(tmp.dir)?.pid).toBe(child.pid);

    child.stdin.end();
    expect(await exited(child)).toBe(0);
    expect(existsSync(agentLockPath(tmp.dir))).toBe(false);
  });

  it('a lock naming a dead pid is stale: readers recover, an agent takes it over', async () => {
    const pid = await deadPid();
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lockOf(pid)));
    expect(readAgentLock(tmp.dir)?.pid).toBe(pid);
    expect(liveAgent(tmp.dir)).toBeNull();
    const claim = claimDataDir(tmp.dir);
    expect(claim).toMatchObject({ lock: null, holder: null, recover: true });
    // A reader leaves the stale lock in place; only an agent replaces it.
    expect(readAgentLock(tmp.dir)?.pid).toBe(pid);
    const lock = take('sync');
    expect(lock.tookOverFrom).toMatchObject({ pid, kind: 'serve' });
    expect(readAgentLock(tmp.dir)).toEqual(lock.info);
    expect(readdirSync(tmp.dir)).toEqual(['agent.lock']);
  });

  it('a lock naming this pid that this process did not take (pid reuse) is stale, and so is garbage', () => {
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lockOf(process.pid)));
    expect(liveAgent(tmp.dir)).toBeNull();
    expect(take().tookOverFrom).toMatchObject({ pid: process.pid });
    held.pop()!.release();
    writeFileSync(agentLockPath(tmp.dir), '{"pid": 12');
    expect(liveAgent(tmp.dir)).toBeNull();
    expect(take().tookOverFrom).toBeNull();
  });

  it('a lock without a positive whole pid or a host is garbage; missing kind, time and token read as defaults', () => {
    const path = agentLockPath(tmp.dir);
    for (const bad of [{ pid: 0, hostname: hostname() }, { pid: -4, hostname: hostname() }, { pid: 1.5, hostname: hostname() }, { pid: '12', hostname: hostname() }, { pid: 12 }]) {
      writeFileSync(path, JSON.stringify(bad));
      expect(readAgentLock(tmp.dir), JSON.stringify(bad)).toBeNull();
    }
    writeFileSync(path, JSON.stringify({ pid: 12, hostname: 'elsewhere' }));
    expect(readAgentLock(tmp.dir)).toEqual({ pid: 12, hostname: 'elsewhere', kind: 'agent', startedAt: '', token: '' });
    expect(readAgentLock(join(tmp.dir, 'no-such-dir'))).toBeNull();
  });

  it('says which kind of agent holds the data dir and how to get past it; releasing twice is harmless', () => {
    const l = take('sync');
    const refusal = (() => {
      try {
        acquireAgentLock(tmp.dir, 'serve');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(AgentLockHeldError);
    expect((refusal as Error).name).toBe('AgentLockHeldError');
    expect((refusal as Error).message).toMatch(/^another `syncflow sync` \(.*\) is syncing the data dir .*; wait until it ends \(if that process is gone, delete .*agent\.lock\)$/);
    l.release();
    l.release();
    expect(existsSync(agentLockPath(tmp.dir))).toBe(false);
    const s = take('serve');
    expect(claimDataDir(tmp.dir)).toMatchObject({ lock: null, holder: { kind: 'serve', pid: process.pid }, recover: false });
    s.release();
    const claim = claimDataDir(tmp.dir, 'sync');
    held.push(claim.lock!);
    expect(claim).toMatchObject({ holder: null, recover: true, startedBefore: null, lock: { info: { kind: 'sync' } } });
  });

  it('a lock from another host cannot be checked and counts as live', async () => {
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lockOf(await deadPid(), { hostname: `not-${hostname()}` })));
    expect(liveAgent(tmp.dir)).toMatchObject({ hostname: `not-${hostname()}` });
    expect(() => acquireAgentLock(tmp.dir, 'serve')).toThrow(/delete .*agent\.lock/);
  });

  it('release leaves a lock that is no longer its own', async () => {
    const lock = take();
    const other = lockOf(await deadPid());
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(other));
    lock.release();
    expect(readAgentLock(tmp.dir)).toEqual(other);
  });
});

describe('agent lock, in this process (what mutation testing can see)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('names its holder exactly, in the refusal for each kind', () => {
    const other = lockOf(12, { hostname: 'elsewhere', startedAt: '2026-03-01T10:00:00.000Z' });
    expect(describeHolder(other)).toBe('serve, pid 12 on elsewhere, since 2026-03-01T10:00:00.000Z');
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(other));
    let err: AgentLockHeldError | null = null;
    try {
      acquireAgentLock(tmp.dir, 'sync');
    } catch (e) {
      err = e as AgentLockHeldError;
    }
    expect(err).toBeInstanceOf(AgentLockHeldError);
    expect(err!.dataDir).toBe(tmp.dir);
    expect(err!.holder).toEqual(other);
    expect(err!.message).toBe(
      `a running Syncflow agent (serve, pid 12 on elsewhere, since 2026-03-01T10:00:00.000Z) holds the data dir ${tmp.dir}; ` +
        `use Sync now in that agent, or stop it first (if that process is gone, delete ${join(tmp.dir, 'agent.lock')})`,
    );
    const sync = new AgentLockHeldError(tmp.dir, { ...other, kind: 'sync' });
    expect(sync.message).toBe(
      `another \`syncflow sync\` (sync, pid 12 on elsewhere, since 2026-03-01T10:00:00.000Z) is syncing the data dir ${tmp.dir}; ` +
        `wait until it ends (if that process is gone, delete ${join(tmp.dir, 'agent.lock')})`,
    );
  });

  it('gives each holder its own token and start time, and a refused attempt leaves no temp file', () => {
    const a = acquireAgentLock(tmp.dir, 'serve');
    try {
      expect(a.info.token).toMatch(/^[0-9a-f]{24}$/);
      expect(Math.abs(Date.parse(a.info.startedAt) - Date.now())).toBeLessThan(60_000);
      expect(() => acquireAgentLock(tmp.dir, 'sync')).toThrow(AgentLockHeldError);
      expect(readdirSync(tmp.dir)).toEqual(['agent.lock']);
    } finally {
      a.release();
    }
    const b = acquireAgentLock(tmp.dir, 'serve');
    expect(b.info.token).not.toBe(a.info.token);
    b.release();
  });

  it('a second release does nothing, even when the same lock is back on disk', () => {
    const lock = acquireAgentLock(tmp.dir, 'serve');
    const text = readFileSync(agentLockPath(tmp.dir), 'utf8');
    lock.release();
    writeFileSync(agentLockPath(tmp.dir), text);
    lock.release();
    expect(readFileSync(agentLockPath(tmp.dir), 'utf8')).toBe(text);
  });

  it('releases on process exit, and once released forgets its token (the same lock written back is stale)', () => {
    const before = process.listeners('exit').length;
    const lock = acquireAgentLock(tmp.dir, 'serve');
    expect(process.listeners('exit').length).toBe(before + 1);
    const onExit = process.listeners('exit').at(-1)!;
    lock.release();
    expect(process.listeners('exit')).not.toContain(onExit);
    expect(process.listeners('exit').length).toBe(before);
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lock.info));
    expect(liveAgent(tmp.dir)).toBeNull();
    // The exit handler is the release itself.
    const again = acquireAgentLock(tmp.dir, 'serve');
    expect(again.tookOverFrom).toEqual(lock.info);
    (process.listeners('exit').at(-1) as () => void)();
    expect(existsSync(agentLockPath(tmp.dir))).toBe(false);
    again.release();
  });

  it('a lock path that cannot be read is an error, not a free data dir; release then leaves it alone', () => {
    const lock = acquireAgentLock(tmp.dir, 'serve');
    rmSync(agentLockPath(tmp.dir));
    mkdirSync(agentLockPath(tmp.dir));
    expect(() => readAgentLock(tmp.dir)).toThrow(/EISDIR/);
    expect(() => acquireAgentLock(tmp.dir, 'sync')).toThrow(/EISDIR/);
    expect(() => lock.release()).not.toThrow();
    expect(statSync(agentLockPath(tmp.dir)).isDirectory()).toBe(true);
  });

  it('creates only where there is no lock, whole, without leaving its temp file', () => {
    const path = agentLockPath(tmp.dir);
    expect(tryCreate(path, 'first\n')).toBe(true);
    expect(tryCreate(path, 'second\n')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first\n');
    expect(readdirSync(tmp.dir)).toEqual(['agent.lock']);
    expect(() => tryCreate(join(tmp.dir, 'no-such-dir', 'agent.lock'), 'x')).toThrow(/ENOENT/);
  });

  it('removes a stale lock only if it is still the one read; another one is put back', () => {
    const path = agentLockPath(tmp.dir);
    removeStale(path, 'gone already'); // nothing there: nothing to do
    expect(readdirSync(tmp.dir)).toEqual([]);
    writeFileSync(path, 'stale');
    removeStale(path, 'stale');
    expect(readdirSync(tmp.dir)).toEqual([]);
    writeFileSync(path, 'a newer lock');
    removeStale(path, 'stale');
    expect(readFileSync(path, 'utf8')).toBe('a newer lock');
    expect(readdirSync(tmp.dir)).toEqual(['agent.lock']);
    // Only a lock that is already gone is nothing to do; any other failure to move it aside is an error.
    writeFileSync(join(tmp.dir, 'not-a-dir'), '');
    expect(() => removeStale(join(tmp.dir, 'not-a-dir', 'agent.lock'), 'stale')).toThrow(/ENOTDIR/);
  });

  it('an opener that is not an agent notes when it looked, and recovers only without a live holder', () => {
    const before = new Date().toISOString();
    const claim = claimDataDir(tmp.dir);
    expect(claim.startedBefore! >= before).toBe(true);
    expect(claim.startedBefore! <= new Date().toISOString()).toBe(true);
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lockOf(1, { hostname: 'elsewhere' })));
    expect(claimDataDir(tmp.dir)).toMatchObject({ lock: null, holder: { pid: 1 }, recover: false });
    // pid 1 always runs: a lock on this host naming it is live.
    writeFileSync(agentLockPath(tmp.dir), JSON.stringify(lockOf(1)));
    expect(isLive(lockOf(1))).toBe(true);
  });
});
