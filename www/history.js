// The history (saved jobs) as the page lists them, and the notice by the Generate button for a job
// that nothing follows since the page reloaded: a stored "running" is true only while a page
// follows the job, so after a reload the job is offered to Resume (by its id) or to find (by its
// client request id, when the submit's answer never came) instead of claiming to run.
import { savedJobs, clearJobs } from "./store.js";
import { costText, isWebUrl, code } from "./result.js";

const $ = (id) => document.getElementById(id);
// What the page's job runner tells the list: busy(), followed(entry), and the actions.
let run = { busy: () => false, followed: () => false, play() {}, resume() {}, find() {} };
// Entries whose notice the user put off ("Not now"), for this page's life.
const putOff = new Set();
const label = (e) => e.id ?? e.clientRequestId;

export function setUpHistory(runner) {
  run = runner;
  $("clear-history").addEventListener("click", () => {
    clearJobs();
    renderHistory();
  });
  renderHistory();
}

/** Whether `e` was left running by a page that is gone: nothing follows it now. */
const unfollowed = (e) => e.status === "running" && !run.followed(e);

function statusText(e) {
  if (!unfollowed(e)) return e.status;
  return e.id ? "not followed since the page reloaded" : "the page closed before the submit's answer came";
}

/** What can be done with `e` now, as a button: Play, Resume, Find this job, or nothing. */
function action(e) {
  if (e.status === "completed" && isWebUrl(e.videoUrl)) return button("Play", () => run.play(e));
  if (run.followed(e) || ["completed", "failed"].includes(e.status)) return null; // followed now, or over
  if (e.id) return button("Resume", () => run.resume(e));
  // Its submit's answer never came: the job may exist, and be charged. The usage logs can name it.
  if (e.clientRequestId) return button("Find this job", () => run.find(e));
  return null;
}

export function renderHistory() {
  const list = $("history");
  list.replaceChildren();
  const h = savedJobs();
  $("history-empty").hidden = h.length > 0;
  $("clear-history").hidden = h.length === 0;
  for (const e of h) {
    const li = document.createElement("li");
    const text = document.createElement("span");
    const when = new Date(e.at);
    const cost = e.status === "completed" ? `, ${costText(e)}` : "";
    text.textContent = `${e.prompt} — ${statusText(e)}${cost}, ${isNaN(when) ? "" : when.toLocaleString()}`;
    const ids = document.createElement("span");
    ids.className = "ids";
    if (e.id) ids.append("generation ", code(e.id));
    if (e.clientRequestId) ids.append(e.id ? " · request " : "request ", code(e.clientRequestId));
    li.append(text, document.createElement("br"), ids);
    const b = action(e);
    if (b) li.append(b);
    list.append(li);
  }
  renderNotice(h);
}

// The newest job nothing follows, by the Generate button, while no other job runs.
function renderNotice(h) {
  const left = h.filter((e) => unfollowed(e) && action(e) && !putOff.has(label(e)));
  const e = run.busy() ? null : left[0];
  $("unfollowed").hidden = !e;
  if (!e) return $("unfollowed-text").replaceChildren();
  const more = left.length > 1 ? ` (${left.length - 1} more in the history)` : "";
  const what = e.id
    ? `“${e.prompt}” is not followed since the page reloaded: the job may have finished, or may still be running. Resume follows it again; nothing is sent again.`
    : `“${e.prompt}”: the page reloaded before the submit's answer came. The job may exist, and be charged: “Find this job” looks for it in the usage logs; nothing is sent again.`;
  const later = button("Not now", () => {
    putOff.add(label(e));
    renderHistory();
    $("generate").focus();
  });
  $("unfollowed-text").replaceChildren(`${what}${more} `, document.createElement("br"), action(e), later);
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "secondary small";
  b.textContent = text;
  b.disabled = run.busy(); // one job at a time
  b.addEventListener("click", onClick);
  return b;
}
