// V8's heap sizing for a process that runs the engine. After each full GC, V8 lets a heap grow to its live size
// times a factor picked from the allocation rate (up to 4×), and lets each isolate's young generation grow to
// 3 × 16 MB. The engine's ingest allocates fast and keeps little (a 1M full sync holds ~20 MB live in the engine
// worker's heap, which sat at 57-77 MB resident), so every isolate of the process (engine worker, reader thread,
// UI thread) held memory it would never use again, and serve's peak RSS crossed the 300 MB budget. A fixed 1.2×
// growth and 8 MB semi-spaces keep the resident heaps near the live ones (serve's 1M full sync: 299 → ~250 MB) for
// more frequent major GCs: ~0.5 s more GC on the engine's thread over a 1M full sync and re-sync (1-3% of their time).
// V8 reads the growth flag at each GC (isolates already running follow it) and the semi-space size when an isolate
// starts (workers started later), so this runs once per process before the engine starts: in the engine host
// (desktop, serve) and at the CLI's start (its one-shot commands run the engine on their own thread). Node, and
// Electron's main process (electron/electron#42414), start V8 with --no-freeze-flags-after-init, which this needs.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;
export const MAX_SEMI_SPACE_MB = 8;

let applied = false;

export function tuneEngineHeap(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--max-semi-space-size=${MAX_SEMI_SPACE_MB}`);
}
