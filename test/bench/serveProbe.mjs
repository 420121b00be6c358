// Loaded into the `syncflow serve` child with `node --import` by responsivenessBench.ts: measures the event-loop
// delay of the process's main thread (the UI-facing one: the HTTP bridge) and answers on stdout when asked on stdin.
// Plain JavaScript and injected from outside, so the same probe measures any build of serve (before and after
// the engine moved to its worker). Worker threads inherit --import; they are left alone.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const cmd = line.trim();
    if (cmd !== 'report' && cmd !== 'reset') return;
    // `reset` answers with the figures since the last reset (or the start), then starts over.
    const report = { p99Ms: eld.percentile(99) / 1e6, maxMs: eld.max / 1e6, samples: eld.count };
    process.stdout.write(`bench-probe ${cmd} ${JSON.stringify(report)}\n`);
    if (cmd === 'reset') eld.reset();
  });
  // stdin must not keep serve alive on its own (serve stays up anyway; this just does not add a reason).
  process.stdin.unref?.();
}
