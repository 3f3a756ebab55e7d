// One job at a time, followed to its video or its failure: Generate (generateVideo), Resume
// (waitForVideo by the generation id) and "Find this job" (recoverGeneration by the client request
// id of a submit whose answer never came, then Resume). The history entry is saved at each step, so
// that a reload can pick the job up; nothing is ever submitted twice.
import { generateVideo, waitForVideo, recoverGeneration } from "aimlapi-video";
import { baseUrl, backend, pageKey, keyForJob, rememberKey } from "./backend.js";
import { validate, modeOptions, costSettings, modelId, maxUsd, markRefusedField } from "./form.js";
import { saveJob, sameJob } from "./store.js";
import { renderHistory } from "./history.js";
import { showVideo, setAspect } from "./result.js";
import { showFailure, hideFailure, ADVICE, REFUSED } from "./advice.js";
import { startProgress, stopProgress, showProgressEvent, setStatus } from "./progress.js";
import { useTimingsOf, keepTimingsOf } from "./timings.js";

const $ = (id) => document.getElementById(id);
let running = null; // { controller, entry }

export const busy = () => running !== null;
/** Whether this page is following `e` right now. */
export const followed = (e) => running?.entry != null && sameJob(running.entry, e);

function save(entry) {
  saveJob(entry);
  renderHistory();
}

function startRun(entry, text) {
  const controller = new AbortController();
  running = { controller, entry };
  hideFailure();
  $("check").textContent = "";
  startProgress(text);
  $("generate").disabled = true;
  $("cancel").hidden = false;
  $("cancel").disabled = false;
  renderHistory();
  return controller.signal;
}
function endRun({ quiet = false } = {}) {
  if (!running) return;
  if (quiet) return void (running = null); // another run starts at once: the buttons stay as they are
  // Focus was on Cancel, about to go: it goes to Generate, unless a failure takes it.
  const hadFocus = document.activeElement === $("cancel");
  running = null;
  $("generate").disabled = false;
  $("cancel").disabled = true;
  $("cancel").hidden = true;
  if (hadFocus) $("generate").focus();
  renderHistory();
}

function onProgress(entry) {
  return (e) => {
    if (running?.entry === entry) showProgressEvent(e);
    if (e.type === "submitting") {
      entry.clientRequestId = e.clientRequestId;
      save(entry); // before the paid POST goes out: the job can be found by this id if its answer is lost
    }
    if (e.id && entry.id !== e.id) {
      entry.id = e.id;
      save(entry); // from here on, the job can be resumed after a reload
    }
  };
}

async function follow(entry, call, learnedFrom) {
  let failed = null;
  try {
    const r = await call;
    stopProgress({ done: true });
    setStatus("Completed");
    // waitForVideo submits nothing, so its result has no client request id: the entry keeps its own.
    // Other jobs under its request id come from generateVideo's own lookup, or from the one before a Resume.
    const duplicates = r.duplicates?.length ? r.duplicates : (entry.duplicates ?? []);
    Object.assign(entry, { status: "completed", videoUrl: r.videoUrl, id: r.id, clientRequestId: r.clientRequestId ?? entry.clientRequestId ?? null, usdSpent: r.usdSpent, creditsUsed: r.creditsUsed, duplicates });
    showVideo(entry);
  } catch (e) {
    failed = e;
    stopProgress();
    entry.clientRequestId ??= e?.clientRequestId ?? null;
    setStatus(e?.code === "aborted" ? "Cancelled" : "Failed");
    // A job that exists and has not failed may still finish: kept, to resume. So is a submit whose
    // answer was lost (no id, and not a refusal): the job may exist, to find by its request id.
    const keep = ["aborted", "timeout"].includes(e?.code) || (e?.generationId && e.code !== "generation_failed") || lostSubmit(entry, e);
    entry.status = keep ? `interrupted (${e?.code})` : "failed";
  }
  // Saved before the run ends, so that the list never shows the entry as running with nothing following it.
  if (entry.id || entry.clientRequestId) saveJob(entry);
  endRun();
  if (failed) {
    const title = ADVICE[failed?.code]?.[0] ?? "The submit's answer was lost";
    showFailure(failed, lostSubmit(entry, failed) && !entry.id ? [title, "The job may exist, and be charged: “Find this job” in the history looks for it in the usage logs."] : undefined);
    if (failed?.code === "invalid_request") markRefusedField(failed.message);
  }
  if (learnedFrom) await keepTimingsOf(learnedFrom);
}
/** Whether error `e` left the submit of `entry` in doubt: sent, never answered, not refused. */
const lostSubmit = (entry, e) => !e?.generationId && entry.clientRequestId && !REFUSED.includes(e?.code);

/** Generate: checks the form, then submits (once) and follows the job. */
export async function generate() {
  if (running || !validate()) return;
  rememberKey();
  const url = baseUrl();
  // The model is kept for "Find this job": the usage logs are read per model. The backend, for the key.
  const entry = { id: null, clientRequestId: null, prompt: $("prompt").value.trim().slice(0, 200), status: "running", at: new Date().toISOString(), baseUrl: url, backend: backend(), model: modelId() };
  const options = {
    apiKey: pageKey(),
    baseUrl: url,
    prompt: $("prompt").value,
    ...modeOptions(),
    ...costSettings(),
    ...(maxUsd() === undefined ? {} : { maxUsd: maxUsd() }),
  };
  const signal = startRun(entry);
  setAspect($("aspect").value === "9:16" ? "9:16" : "16:9");
  // The package's estimate is learned from this host's jobs alone.
  await useTimingsOf(url);
  if (signal.aborted) return follow(entry, Promise.reject(cancelledBefore()));
  return follow(entry, generateVideo({ ...options, signal, onProgress: onProgress(entry) }), url);
}

/** Resume: follows the saved job `entry` by its id (a status read; nothing is submitted). */
export async function resume(entry, submittedAt = Date.parse(entry.at)) {
  if (running) return;
  entry.status = "running";
  const signal = startRun(entry, "Resuming…");
  // Its reads and estimate follow what was learned of its own host (a resumed job teaches nothing).
  await useTimingsOf(entry.baseUrl);
  if (signal.aborted) return follow(entry, Promise.reject(cancelledBefore()));
  return follow(
    entry,
    waitForVideo({
      id: entry.id,
      apiKey: keyForJob(entry),
      baseUrl: entry.baseUrl,
      ...(isNaN(submittedAt) ? {} : { submittedAt }), // lets the schedule know how far along the job is
      signal,
      onProgress: onProgress(entry),
    }),
  );
}
/** Cancel pressed while the page was still getting the call ready: nothing was sent. */
const cancelledBefore = () => Object.assign(new Error("Cancelled before anything was sent."), { code: "aborted" });

// "Find this job": the submit of `entry` went out, but its answer never came (a reload, a dropped
// connection). The usage logs list the job under its client request id once it has ended, so the
// search may take as long as the job; then the job is followed as Resume does. Nothing is sent again.
export async function find(entry) {
  if (running) return;
  const signal = startRun(entry, "Looking for the job in the usage logs (they list a job once it has ended, so this can take as long as the job)… nothing is sent again");
  const at = Date.parse(entry.at);
  let found;
  try {
    found = await recoverGeneration({
      clientRequestId: entry.clientRequestId,
      ...(entry.model ? { model: entry.model } : {}),
      ...(isNaN(at) ? {} : { submittedAt: at }),
      baseUrl: entry.baseUrl,
      apiKey: keyForJob(entry),
      signal,
    });
  } catch (e) {
    stopProgress();
    setStatus(e?.code === "aborted" ? "Cancelled" : e?.code === "not_found" ? "Not found" : "Failed");
    // Not found keeps the entry to look again later; any other end, too, saying it is not followed.
    entry.status = e?.code === "not_found" ? "not found in the usage logs yet" : `interrupted (${e?.code ?? "error"})`;
    saveJob(entry);
    endRun();
    const words = {
      not_found: ["The job was not found in the usage logs", "That does not prove it was not charged: the logs list a job once it has ended, and may lag. Press “Find this job” again later, or look for the request id in your dashboard's usage."],
      aborted: ["Search stopped", "Nothing was sent. “Find this job” can look again."],
      // A key made for videos alone (scope model:video) may not be allowed to read the logs.
      unauthorized: ["This key may not read the usage logs", "Paste another key of the same account (one allowed to read the logs), then press “Find this job” again."],
      forbidden: ["This key may not read the usage logs", "Paste another key of the same account (one allowed to read the logs), then press “Find this job” again."],
    }[e?.code];
    showFailure(e, words);
    return;
  }
  Object.assign(entry, { id: found.id, duplicates: found.duplicates ?? [] });
  saveJob(entry); // the id is kept before following it, so a reload now offers Resume
  endRun({ quiet: true }); // Resume takes over at once: the list is drawn then
  return resume(entry, found.submittedAt);
}

export function cancel() {
  running?.controller.abort();
}
