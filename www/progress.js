// The live status by the Generate button: the status line, the time since the call began, and the
// bar, which fills toward the package's own estimate of when the job ends (its events' expectedMs,
// on their elapsedMs clock) and moves between events on the page's clock. Past the estimate it
// says so (estimates.js) rather than counting below zero.
import { progressView } from "./estimates.js";
import { LOOKING } from "./advice.js";

const $ = (id) => document.getElementById(id);
let clock = null; // { timer, callStart, expectedMs }

export function setStatus(text, title = "") {
  $("status").textContent = text;
  $("status").title = title;
}

/** Shows the status line and starts its clock, with no estimate until the package gives one. */
export function startProgress(text = "Starting…") {
  stopClock();
  $("progress").hidden = false;
  $("events").replaceChildren();
  $("bar").hidden = false;
  $("to-result").hidden = true;
  setStatus(text);
  $("bar").removeAttribute("value"); // no estimate yet: indeterminate
  // The bar moves on this clock between the package's events, which may be far apart.
  clock = { timer: setInterval(tick, 250), callStart: performance.now(), expectedMs: null };
  tick();
}

/** Stops the clock; `done` fills the bar, and else the bar goes (it measured a job that is over).
 * The estimate's words go too: they were about a job under way. */
export function stopProgress({ done = false } = {}) {
  stopClock();
  if (done) $("bar").value = 100;
  $("bar").hidden = !done;
  $("to-result").hidden = !done;
  $("estimate").textContent = "";
}
function stopClock() {
  if (clock) clearInterval(clock.timer);
  clock = null;
}

// The API reports no progress: the bar fills toward the package's estimate of when the job ends.
function tick() {
  if (!clock) return;
  const ms = performance.now() - clock.callStart;
  $("elapsed").textContent = `${Math.round(ms / 1000)} s`;
  const view = progressView(ms, clock.expectedMs);
  $("estimate").textContent = view.text;
  if (view.fraction === null) $("bar").removeAttribute("value");
  else $("bar").value = view.fraction * 100;
}

/** Follows one of the package's progress events `e` on the status line and the bar. */
export function showProgressEvent(e) {
  if (clock) {
    clock.callStart = performance.now() - e.elapsedMs; // the package's clock, which the estimate is on
    if (e.expectedMs != null) clock.expectedMs = e.expectedMs;
    tick();
  }
  if (e.type === "recovering") {
    setStatus(LOOKING, e.message ?? "");
  } else if (e.type === "retry") {
    const li = document.createElement("li");
    li.textContent = `Retry ${e.attempt} in ${(e.retryInMs / 1000).toFixed(1)} s: ${e.message}`;
    $("events").append(li);
  } else {
    setStatus(e.type === "submitting" ? "Sending…" : e.type === "submitted" ? `Submitted (${e.status})` : `Status: ${e.status}`);
  }
}
