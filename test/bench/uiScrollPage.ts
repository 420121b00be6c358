// The parts of the ui-scroll bench that run inside the page (passed to page.evaluate, so each is self-contained:
// no imports, no closures over this module).

export interface PageRecording {
  /** Time between consecutive animation frames, ms. */
  frames: number[];
  /** Of those, the frames during which a search request (the next page) was in flight. */
  framesDuringFetch: number[];
  /** Frames in which the "Loading…" row was on screen: the operator reached rows not fetched yet. */
  loaderFrames: number;
  longTasks: number[];
  /** Search requests made while recording. */
  fetches: number;
  /** Highest row index that existed in the page at the end. */
  rowsReached: number;
}

/** Starts recording frames, long tasks and search requests; `window.__scrollStop()` ends it and returns them. */
export function startRecording(): void {
  const w = window as unknown as Record<string, unknown>;
  const scroller = document.querySelector<HTMLElement>('[data-testid="results-scroll"]')!;
  const frameEnds: number[] = [];
  const long: number[] = [];
  let loaderFrames = 0;
  let running = true;
  const longObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) long.push(e.duration);
  });
  longObserver.observe({ type: 'longtask' });
  const fetches: { start: number; end: number }[] = [];
  const fetchObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[]) {
      if (e.name.includes('/api/search')) fetches.push({ start: e.startTime, end: e.responseEnd });
    }
  });
  fetchObserver.observe({ type: 'resource' });
  const recordedFrom = performance.now();
  const first = scroller
    .querySelector<HTMLElement>('[data-testid="result-row"][data-index="0"]')!
    .getBoundingClientRect();
  const rowHeight = first.height;
  // Where row 0 starts in the scrolled content: below the column headers.
  const rowsTop = first.top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  // The loader row is on screen when its top is above the scroller's bottom (it is the list's last row; it exists
  // a few rows before it comes into view). aria-rowindex counts the header row and from 1.
  const loaderInView = (): boolean => {
    const loader = scroller.querySelector<HTMLElement>('.loader-row');
    if (!loader) return false;
    const top = rowsTop + (Number(loader.getAttribute('aria-rowindex')) - 2) * rowHeight;
    return top < scroller.scrollTop + scroller.clientHeight;
  };
  const tick = (t: number): void => {
    if (!running) return;
    frameEnds.push(t);
    if (loaderInView()) loaderFrames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  w['__scrollStop'] = async (): Promise<PageRecording> => {
    running = false;
    // Resource entries are delivered after the request ends: let the observers catch up.
    await new Promise((r) => setTimeout(r, 200));
    longObserver.disconnect();
    for (const e of fetchObserver.takeRecords() as PerformanceResourceTiming[]) {
      if (e.name.includes('/api/search')) fetches.push({ start: e.startTime, end: e.responseEnd });
    }
    fetchObserver.disconnect();
    const mine = fetches.filter((f) => f.end >= recordedFrom);
    const frames: number[] = [];
    const framesDuringFetch: number[] = [];
    for (let i = 1; i < frameEnds.length; i++) {
      const from = frameEnds[i - 1]!;
      const to = frameEnds[i]!;
      frames.push(to - from);
      if (mine.some((f) => f.start < to && f.end > from)) framesDuringFetch.push(to - from);
    }
    const indexes = [...document.querySelectorAll<HTMLElement>('[data-testid="result-row"]')].map((r) =>
      Number(r.dataset['index']),
    );
    return {
      frames,
      framesDuringFetch,
      loaderFrames,
      longTasks: long,
      fetches: mine.length,
      rowsReached: Math.max(0, ...indexes) + 1,
    };
  };
}

/** The stress case: one screenful down per animation frame, far faster than anyone pages, until the time is up. */
export async function scrollEveryFrame(seconds: number): Promise<void> {
  const scroller = document.querySelector<HTMLElement>('[data-testid="results-scroll"]')!;
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
  const end = performance.now() + seconds * 1000;
  while ((await frame()) < end) scroller.scrollTop += scroller.clientHeight;
}

/** Gives the list the keyboard: the list itself where it takes the focus, else (older builds) its first row. */
export function focusList(): void {
  const list = document.querySelector<HTMLElement>('[data-testid="results-scroll"]')!;
  if (list.tabIndex >= 0) list.focus();
  else document.querySelector<HTMLElement>('[data-testid="result-row"][data-index="0"]')!.focus();
}
