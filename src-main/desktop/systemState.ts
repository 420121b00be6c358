// Feeds the engine what only Electron knows: sleep and wake (powerMonitor) and the OS's online state
// (net.isOnline, polled: the main process has no online event). The engine decides what they mean for runs.
import type { EngineHandle } from './engine-handle.js';

export interface PowerSource {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export function watchSystemState(opts: {
  engine: Pick<EngineHandle, 'reportSystemState'>;
  powerMonitor: PowerSource;
  isOnline: () => boolean;
  pollMs?: number;
}): { check(): Promise<void>; dispose(): void } {
  const report = (state: { online?: boolean; suspended?: boolean }) =>
    opts.engine.reportSystemState(state).then(
      () => undefined,
      (err: unknown) => console.error('syncflow: could not pass the system state to the engine', err),
    );
  let online: boolean | null = null;
  const check = async (): Promise<void> => {
    const now = opts.isOnline();
    if (now === online) return;
    online = now;
    await report({ online: now });
  };
  const onSuspend = () => void report({ suspended: true });
  // The network may have changed while asleep: tell the engine before it runs what it missed.
  const onResume = () => void check().then(() => report({ suspended: false }));
  opts.powerMonitor.on('suspend', onSuspend);
  opts.powerMonitor.on('resume', onResume);
  const timer = setInterval(() => void check(), opts.pollMs ?? 10_000);
  timer.unref();
  void check();
  return {
    check,
    dispose() {
      clearInterval(timer);
      opts.powerMonitor.removeListener('suspend', onSuspend);
      opts.powerMonitor.removeListener('resume', onResume);
    },
  };
}
