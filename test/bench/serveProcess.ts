// A real `syncflow serve` child process for the benchmarks that drive the UI: started on a data dir, resolved with
// the URL it prints, stopped with SIGTERM (SIGKILL after 30 s).
import { spawn } from 'node:child_process';

export async function startServe(
  cli: string,
  dataDir: string,
  config: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [cli, 'serve', '--no-sync', '--data-dir', dataDir, '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const m = /Syncflow UI: (\S+)/.exec(text);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${text}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
