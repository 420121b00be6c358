// A real PostgreSQL for tests: Debian's server binaries, a throwaway cluster on a temp data dir and a free port, run
// as the unprivileged `postgres` user when we are root (initdb refuses root). One cluster per test run is booted (in the
// background) by the vitest globalSetup (test/helpers/postgresGlobal.ts); each test file takes its own database on it.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export interface PgCluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface PgDatabase {
  url: string;
  name: string;
  /** Runs one statement on a short-lived connection. */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

const INSTALL = 'apt-get install -y postgresql';

/** The newest installed server's bin dir (Debian keeps them under /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0]!, 'bin') : null;
}

/** Installs Debian's PostgreSQL when missing and we may (root, like .ci/run does for Chromium); otherwise says how. */
export function ensurePostgresInstalled(): string {
  let bin = postgresBinDir();
  if (bin) return bin;
  if (process.getuid?.() !== 0) {
    throw new Error(`PostgreSQL server binaries not found under /usr/lib/postgresql. Run: sudo ${INSTALL}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  bin = postgresBinDir();
  if (!bin) throw new Error(`apt-get installed postgresql but no initdb appeared under /usr/lib/postgresql. Run: ${INSTALL}`);
  return bin;
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error(`Running as root but there is no 'postgres' user to run the server as. Run: ${INSTALL}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(user ?? {}), cwd: tmpdir(), env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export interface PgBooting extends PgCluster {
  /** Where the server logs, and where a failed start is written for the test files to report. */
  logPath: string;
  errorPath: string;
  /** Settles when the server accepts connections (never rejects: a failure goes to errorPath). */
  booted: Promise<void>;
}

/**
 * Picks the port and data dir now and boots in the background, so a run whose files never touch PostgreSQL does
 * not wait for initdb; pgDatabase() waits for the server instead. stop() shuts it down and removes the dir.
 */
export async function bootPostgres(): Promise<PgBooting> {
  const bin = ensurePostgresInstalled();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'syncflow-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const logPath = join(dir, 'log');
  const errorPath = join(dir, 'start-error');
  const port = await freePort();
  // No fsync: a test cluster is thrown away; trust auth on loopback only.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const booted = run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], user)
    .then(() => run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', logPath, '-w', '-t', '60', 'start'], user))
    .then(
      () => undefined,
      (err: Error) => writeFileSync(errorPath, `${err.message}\n${existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''}`),
    );
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    logPath,
    errorPath,
    booted,
    async stop() {
      if (stopped) return;
      stopped = true;
      await booted;
      await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a cluster and waits for it (for scripts outside vitest). */
export async function startPostgres(): Promise<PgCluster> {
  const c = await bootPostgres();
  await c.booted;
  if (existsSync(c.errorPath)) throw new Error(readFileSync(c.errorPath, 'utf8'));
  return c;
}

/** Connects, waiting while the shared cluster is still booting; a failed boot is reported with its log. */
export async function connectWhenUp(url: string, errorPath?: string): Promise<pg.Client> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (errorPath && existsSync(errorPath)) throw new Error(`PostgreSQL did not start:\n${readFileSync(errorPath, 'utf8')}`);
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      return c;
    } catch (err) {
      await c.end().catch(() => undefined);
      const code = (err as { code?: string }).code;
      const booting = code === 'ECONNREFUSED' || code === '57P03' || code === 'ENOENT';
      if (!booting || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresError: string;
  }
}

let counter = 0;

/** A fresh database on the run's shared cluster (one per call); drop() removes it. */
export async function pgDatabase(): Promise<PgDatabase> {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('No PostgreSQL cluster: test/helpers/postgresGlobal.ts must be in vitest globalSetup');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const adminClient = await connectWhenUp(admin, inject('postgresError'));
  try {
    await adminClient.query(`CREATE DATABASE ${name}`);
  } finally {
    await adminClient.end();
  }
  const url = admin.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    name,
    async query(sql, params) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
