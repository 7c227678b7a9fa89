/**
 * Browser-side instruments, injected as script text (the tests compile without DOM types):
 * when the first result row appeared, long tasks, and frame-to-frame intervals.
 */

/** Installed before any page script runs (page.addInitScript). */
export const INSTRUMENTS = `
(() => {
  const ls = (window.__ls = { firstRowAt: null, longTasks: [], frames: null });
  const watch = () => {
    new MutationObserver((_m, obs) => {
      if (ls.firstRowAt === null && document.querySelector('[data-testid="log-row"]') !== null) {
        // The frame after the rows entered the DOM: when they are on screen.
        requestAnimationFrame(() => { ls.firstRowAt = performance.now(); });
        obs.disconnect();
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) ls.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* long task timing unsupported */ }
})();
`;

/** Starts sampling frame intervals (requestAnimationFrame) and counting long tasks from now. */
export const START_FRAMES = `
(() => {
  const ls = window.__ls;
  ls.frames = { intervals: [], last: performance.now(), running: true, since: performance.now() };
  const tick = (t) => {
    const f = ls.frames;
    if (!f.running) return;
    f.intervals.push(t - f.last);
    f.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()
`;

/** Stops sampling; returns the intervals (ms) and the long tasks that started meanwhile. */
export const STOP_FRAMES = `
(() => {
  const ls = window.__ls;
  const f = ls.frames;
  f.running = false;
  return { intervals: f.intervals, elapsed: performance.now() - f.since, longTasks: ls.longTasks.filter((t) => t.start >= f.since) };
})()
`;

export interface FrameSample {
  readonly intervals: number[];
  readonly elapsed: number;
  readonly longTasks: { start: number; duration: number }[];
}

export interface FrameStats {
  readonly seconds: number;
  readonly frames: number;
  readonly fps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Frames that took longer than 50 ms (visible jank). */
  readonly over50: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly longestTask: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function frameStats(s: FrameSample): FrameStats {
  // The first interval spans the sampler's own start; drop it.
  const xs = s.intervals.slice(1).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    seconds: round(s.elapsed / 1000),
    frames: xs.length,
    fps: round(xs.length / (s.elapsed / 1000)),
    p50: round(quantile(xs, 0.5)),
    p95: round(quantile(xs, 0.95)),
    p99: round(quantile(xs, 0.99)),
    max: round(xs[xs.length - 1] ?? 0),
    over50: xs.filter((x) => x > 50).length,
    longTasks: s.longTasks.length,
    longTaskMs: round(s.longTasks.reduce((n, t) => n + t.duration, 0)),
    longestTask: round(Math.max(0, ...s.longTasks.map((t) => t.duration))),
  };
}

/** The first search request's end (resource timing) and when the first row was on screen. */
export const FIRST_RESULTS = `
(() => {
  const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/logs?'));
  return { apiEnd: api ? api.responseEnd : null, apiStart: api ? api.startTime : null, rowsAt: window.__ls.firstRowAt };
})()
`;

/** Every script the page loaded so far (its entry module and lazy chunks). */
export const SCRIPTS_LOADED = `
performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || /\\.js(\\?|$)/.test(e.name)).map((e) => ({ name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize }))
`;
