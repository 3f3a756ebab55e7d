// How the page words figures: the job's progress as an estimate toward expectedMs, and dollars.

/**
 * What the bar and its label show `elapsedMs` into a job expected (an estimate, not a report) to
 * end at `expectedMs`: `{ fraction, text }`. Past the estimate the bar waits just short of full
 * and says so, rather than counting below zero; with no estimate, it says nothing of time left.
 */
export function progressView(elapsedMs, expectedMs) {
  if (!(expectedMs > 0)) return { fraction: null, text: "" };
  if (elapsedMs >= expectedMs) return { fraction: 0.99, text: "taking longer than usual, still waiting" };
  const fraction = Math.max(0, elapsedMs / expectedMs);
  return { fraction: Math.min(fraction, 0.99), text: `about ${Math.max(1, Math.ceil((expectedMs - elapsedMs) / 1000))} s left (estimate)` };
}

/** `usd` as dollars: cents, or two significant digits under a cent ($0.0012). */
export function dollars(usd) {
  return usd > 0 && usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(2)}`;
}
