// Setup of the sync figures: the compiled CLI (the demo vendor API runs from it in a child process, so its JSON
// generation never shares the engine's thread), Debian's sqlite-utils for the peer, and the child server itself.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import got from 'got';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliJs = `${root}dist/main/src-main/cli.js`;

/** `npm run build:main`; an existing build is used (with a notice) when the build fails. */
export function buildMain(): void {
  process.stdout.write('setup: npm run build:main (the demo vendor API runs from the compiled CLI)\n');
  try {
    execFileSync('npm', ['run', 'build:main'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    if (!existsSync(cliJs)) throw err;
    process.stdout.write('setup: build failed; using the existing dist/main\n');
  }
}

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The sqlite-utils executable, installed with apt-get when missing; null when it cannot be had. */
export function ensureSqliteUtils(): string | null {
  const found = which('sqlite-utils');
  if (found) return found;
  process.stdout.write('setup: sqlite-utils missing; trying apt-get install -y sqlite-utils\n');
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'sqlite-utils'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    /* reported by the caller as a skipped peer */
  }
  return which('sqlite-utils');
}

export interface DemoStats {
  size: number;
  requests: number;
  mutations: number;
}

export interface DemoChild {
  url: string;
  userKey: string;
  pid: number;
  stats(): Promise<DemoStats>;
  stop(): Promise<void>;
}

/** `node bin/syncflow.js demo-server --port 0 --size N` in a child process; resolves once it prints its URL. */
export async function startDemoChild(size: number): Promise<DemoChild> {
  const child = spawn(process.execPath, [`${root}bin/syncflow.js`, 'demo-server', '--port', '0', '--size', String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the demo server child did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url, userKey } = await new Promise<{ url: string; userKey: string }>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const m = /Demo API: (http:\/\/\S+?)\/Products\s+\(header User-Key: ([^;]+);/.exec(text);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ url: m[1]!, userKey: m[2]! });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before printing its URL: ${text}`)));
  });
  const headers = { 'User-Key': userKey };
  return {
    url,
    userKey,
    pid,
    stats: () => got.get(`${url}/__demo/stats`, { headers }).json<DemoStats>(),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
