// The demo page: bring your own key, pick an image, watch it become a video. Everything from the
// server or the user reaches the page as text (textContent), never as HTML.
import { generateVideo, waitForVideo, estimateCost, recoverGeneration } from "aimlapi-video";
import { MODES } from "./modes.js";
import { progressView, dollars } from "./estimates.js";

const $ = (id) => document.getElementById(id);
const AIMLAPI = "https://api.aimlapi.com";
const KEY_STORE = "aimlapi-video:key";
const HISTORY_STORE = "aimlapi-video:history";
const LARGE_IMAGE = 4 * 1024 * 1024;
const QUOTE_DELAY_MS = 300; // the quote is read once the settings stop changing

const params = new URLSearchParams(location.search);
// `npm start` passes its simulator's address. Only a loopback one is taken: a link must not be able
// to preselect some other host for the user's key.
const simUrl = loopback(params.get("sim")) ?? "http://127.0.0.1:8787";
// And the package's proxy in front of the simulator ("Your server"): it adds a key of its own.
const proxyUrl = loopback(params.get("proxy"));
function loopback(url) {
  try {
    const u = new URL(url);
    return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) && /^https?:$/.test(u.protocol) ? url : null;
  } catch {
    return null;
  }
}
let imageData = null; // a data: URL from a chosen or dropped file
let running = null; // { controller, started, timer, callStart, expectedMs, entry }
let quoting = { timer: null, controller: null };

// --- storage: nothing is stored that the user did not ask for ---------------------------------
const store = {
  get(k) {
    try {
      return localStorage.getItem(k);
    } catch {
      return null; // storage blocked (private mode, sandbox): the page still works
    }
  },
  set(k, v) {
    try {
      localStorage.setItem(k, v);
    } catch {}
  },
  remove(k) {
    try {
      localStorage.removeItem(k);
    } catch {}
  },
};

// --- backend and key ---------------------------------------------------------------------------
function backend() {
  return document.querySelector('input[name="backend"]:checked').value;
}
function baseUrl() {
  const b = backend();
  return b === "sim" ? simUrl : b === "server" ? proxyUrl : b === "custom" ? $("base-url").value.trim() : AIMLAPI;
}
// The key the page sends: none to "Your server", which keeps its own.
function pageKey() {
  return backend() === "server" ? undefined : $("api-key").value.trim() || undefined;
}
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return "(no valid URL yet)";
  }
}
function showBackend() {
  $("custom-field").hidden = backend() !== "custom";
  $("key-field").hidden = backend() === "server";
  $("api-host").textContent = hostOf(baseUrl());
  requote();
}
// Served by `npm start` (which passes ?sim=), the simulator is the natural default.
$(loopback(params.get("sim")) ? "backend-sim" : "backend-aimlapi").checked = true;
for (const r of document.querySelectorAll('input[name="backend"]')) r.addEventListener("change", showBackend);
$("base-url").addEventListener("input", showBackend);
$("server-choice").hidden = !proxyUrl;
showBackend();

// Under `npm start`, a first visit can press Generate at once: the simulator's sample image and a
// prompt are filled in (only there: against the real API nothing is chosen for the user).
if (loopback(params.get("sim"))) {
  const origin = new URL(simUrl).origin;
  $("image-url").value = `${origin}/media/first-frame.jpg`;
  $("prompt").value = "The colours swirl slowly into the centre, like ink in water.";
}

const savedKey = store.get(KEY_STORE);
if (savedKey) {
  $("api-key").value = savedKey;
  $("remember-key").checked = true;
}
function rememberKey() {
  if ($("remember-key").checked && $("api-key").value.trim()) store.set(KEY_STORE, $("api-key").value.trim());
  else store.remove(KEY_STORE);
}
$("remember-key").addEventListener("change", rememberKey);
$("api-key").addEventListener("change", rememberKey);
$("forget-key").addEventListener("click", () => {
  $("api-key").value = "";
  $("remember-key").checked = false;
  store.remove(KEY_STORE);
  $("api-key").focus();
});

// --- what to make: the mode picks the model and the fields ---------------------------------------
function mode() {
  return MODES[document.querySelector('input[name="mode"]:checked').value];
}
function modelId() {
  const m = mode();
  return m.models[$("tier").value] ?? m.models.full;
}
/** Refills `select` with `values` (labelled by `label`), keeping its choice when it is still one. */
function offer(select, values, label = String) {
  const keep = select.value;
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
  if (values.map(String).includes(keep)) select.value = keep;
}
function showMode() {
  const m = mode();
  $("image-fields").hidden = !m.image;
  $("image-legend").textContent = m.last ? "First and last frame" : "Image";
  $("last-field").hidden = !m.last;
  $("reference-fields").hidden = !m.references;
  $("video-fields").hidden = !m.video;
  // Speeds the mode has no model for are offered disabled; a choice that became one goes back to full.
  for (const o of $("tier").options) o.disabled = !m.models[o.value];
  if (!m.models[$("tier").value]) $("tier").value = "full";
  offer($("aspect"), m.aspect, (a) => ({ "16:9": "16:9 landscape", "9:16": "9:16 portrait", auto: "auto (as the video)" })[a]);
  $("aspect").closest(".field").hidden = m.aspect.length === 0;
  offer($("duration"), m.durations, (d) => `${d} s`);
  offer($("resolution"), m.resolutions);
  $("model-id").textContent = modelId();
  requote();
}
for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener("change", showMode);
$("tier").addEventListener("change", showMode);
for (const id of ["duration", "resolution", "audio"]) $(id).addEventListener("change", requote);
showMode();

// --- the quote: what the price list says the video will cost, before Generate -----------------
// What the price depends on, as generateVideo gets it.
function costSettings() {
  return { model: modelId(), duration: Number($("duration").value), resolution: $("resolution").value, generateAudio: $("audio").checked };
}
// The read is public and estimateCost never sends the key. Until it answers, the last quote stays,
// dimmed; a read that fails says so quietly and never holds the Generate button.
function requote() {
  clearTimeout(quoting.timer);
  quoting.controller?.abort();
  $("quote").setAttribute("aria-busy", "true");
  quoting.timer = setTimeout(quote, QUOTE_DELAY_MS);
}
async function quote() {
  const controller = new AbortController();
  quoting.controller = controller;
  const show = (text, detail = "") => {
    if (controller.signal.aborted) return;
    $("quote").textContent = text;
    $("quote").title = detail;
    $("quote").setAttribute("aria-busy", "false");
  };
  if (backend() === "custom" && !validBaseUrl()) return show("");
  try {
    const q = await estimateCost({ ...costSettings(), baseUrl: baseUrl(), signal: controller.signal });
    if (q.usd === null) show(`No price estimate: ${q.reason}.`);
    else show(`Estimated cost: about ${dollars(q.usd)}`, `By the price list: ${dollars(q.price)} per ${q.per === 1 ? q.unit : `${q.per} ${q.unit}s`}`);
  } catch (e) {
    show("Price unavailable", e?.message ?? "");
  }
}

// --- image: a URL, or a file sent as a data URL ------------------------------------------------
function showThumb(src) {
  const img = $("thumb");
  if (src) {
    img.src = src;
    img.hidden = false;
  } else {
    img.removeAttribute("src");
    img.hidden = true;
  }
}
function useFile(file) {
  setError("image", "");
  $("image-warn").textContent = "";
  if (!file) return;
  if (!file.type.startsWith("image/")) return setError("image", "That file is not an image.");
  if (file.size > LARGE_IMAGE) {
    $("image-warn").textContent = `This image is ${(file.size / 1048576).toFixed(1)} MB: it is sent inside the request, which will be slow, and the API may refuse it. A smaller image (under 4 MB) or an image URL works better.`;
  }
  const reader = new FileReader();
  reader.onload = () => {
    imageData = String(reader.result);
    $("image-url").value = "";
    showThumb(imageData);
  };
  reader.onerror = () => setError("image", "The file could not be read.");
  reader.readAsDataURL(file);
}
$("image-file").addEventListener("change", (e) => useFile(e.target.files[0]));
function previewUrl() {
  imageData = null;
  const u = $("image-url").value.trim();
  showThumb(/^https?:\/\//i.test(u) ? u : null);
}
$("image-url").addEventListener("input", previewUrl);
if ($("image-url").value) previewUrl();
const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  useFile(e.dataTransfer.files[0]);
});

// --- validation, next to each field, before anything is sent -----------------------------------
const fields = { prompt: "prompt", image: "image-url", last: "last-url", reference: "reference-urls", video: "video-url", "api-key": "api-key", "base-url": "base-url", "max-usd": "max-usd" };
const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);
function setError(name, text) {
  $(`${name}-error`).textContent = text;
  $(fields[name]).setAttribute("aria-invalid", text ? "true" : "false");
}
function validBaseUrl() {
  return /^https?:\/\/[^\s/?#]+/i.test($("base-url").value.trim());
}
/** The "Stop if it would cost more than" amount; undefined when empty, NaN when not an amount. */
function maxUsd() {
  const v = $("max-usd").value.trim();
  return $("max-usd").validity.badInput ? NaN : v === "" ? undefined : Number(v);
}
function validate() {
  const errors = {};
  if (!$("prompt").value.trim()) errors.prompt = "Describe what should happen in the video.";
  const m = mode();
  const web = (u) => /^https?:\/\/\S+$/i.test(u);
  const url = $("image-url").value.trim();
  if (m.image && !imageData && !url) errors.image = "Give an image URL, or choose or drop a file.";
  else if (m.image && !imageData && !web(url)) errors.image = "The image URL must start with http:// or https://.";
  if (m.last && !web($("last-url").value.trim())) errors.last = "Give the last frame's URL (http:// or https://).";
  const refs = lines($("reference-urls").value);
  if (m.references && refs.length + $("reference-files").files.length === 0) errors.reference = "Give at least one reference image: a URL per line, or files.";
  else if (m.references && !refs.every(web)) errors.reference = "Each reference URL must start with http:// or https://.";
  if (m.video && !web($("video-url").value.trim())) errors.video = "Give the URL of the video to extend (http:// or https://).";
  if (backend() === "aimlapi" && !$("api-key").value.trim()) errors["api-key"] = "Paste your AI/ML API key (or pick the local simulator).";
  if (/\s/.test($("api-key").value.trim())) errors["api-key"] = "The key has spaces in it; paste it again.";
  if (backend() === "custom" && !validBaseUrl()) errors["base-url"] = "Enter an http(s):// URL, e.g. https://your-proxy.example.com.";
  if (maxUsd() !== undefined && !(maxUsd() > 0)) errors["max-usd"] = "Give an amount in US dollars above 0 (e.g. 2.50), or leave it empty for no limit.";
  for (const name of Object.keys(fields)) setError(name, errors[name] ?? "");
  const first = Object.keys(errors)[0];
  if (first) $(fields[first]).focus();
  return !first;
}

// --- what errors mean to a person -------------------------------------------------------------
// A submit that ended with one of these was answered (refused, or the job failed): no job to look for.
// Any other (no answer, a 5xx, a 408, an unreadable body) leaves the job in doubt.
const REFUSED = ["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "generation_failed"];
const LOOKING = "The connection dropped after the submit; looking for the job in the usage logs… nothing is sent again";
const ADVICE = {
  invalid_request: ["The request was not accepted", "Check the fields above and try again."],
  unauthorized: ["The API key was not accepted", "Check the key in your AI/ML API dashboard, paste it again, and retry."],
  forbidden: ["The account refused the request", "This usually means the account is out of credits: top up in your AI/ML API dashboard, then retry."],
  not_found: ["Not found", "Check the base URL; for a resumed job, it may have expired."],
  rate_limited: ["Too many requests right now", "Wait a minute, then try again."],
  server_error: ["The API had a problem", "It is not your fault. Try again in a minute."],
  http_error: ["The API answered unexpectedly", "Try again; if it keeps happening, check the base URL."],
  network_error: ["Could not reach the API", "Check your connection. If the host is right, it may not allow this page's origin (CORS): use a proxy as a custom base URL."],
  bad_response: ["The API's answer made no sense", "Try again in a minute."],
  generation_failed: ["The model could not make this video", "Try another image or prompt."],
  timeout: ["No video within the time limit", "The job may still finish: press Resume in the history below."],
  aborted: ["Cancelled", "Nothing more was sent. The job may still finish on the server: Resume is in the history."],
  internal_error: ["Something broke inside the page's video library", "It has restarted. Check the history before trying again: the job may have been created."],
};
function showFailure(e, words = ADVICE[e?.code]) {
  const [title, advice] = words ?? ["Something went wrong", "Try again."];
  $("failure-title").textContent = title;
  $("failure-advice").textContent = advice;
  $("failure-code").textContent = e?.code ?? "error";
  $("failure-message").textContent = e?.message ?? String(e);
  $("failure").hidden = false;
}

// --- result ------------------------------------------------------------------------------------
function isWebUrl(u) {
  try {
    return ["http:", "https:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}
/** What a finished job cost, from the API's own figures (a result, or a history entry). */
function costText({ usdSpent, creditsUsed }) {
  const credits = typeof creditsUsed === "number" ? `${creditsUsed.toLocaleString("en-US")} credits` : null;
  if (typeof usdSpent === "number") return `cost ${dollars(usdSpent)}${credits ? ` (${credits})` : ""}`;
  return credits ? `cost ${credits}` : "cost not reported";
}
/** Plays a finished job `r` ({ videoUrl, id, clientRequestId, usdSpent, creditsUsed }). */
function showVideo(r) {
  const url = r.videoUrl;
  if (!isWebUrl(url)) return showFailure({ code: "bad_response", message: "The video URL is not an http(s) URL." });
  $("video").controls = true; // shown only once there is something to play
  $("video").src = url;
  $("placeholder").hidden = true;
  $("download").href = url;
  $("gen-id").textContent = r.id;
  $("request-id").textContent = r.clientRequestId ?? "—";
  $("cost").textContent = costText(r);
  $("result-meta").classList.remove("reserved");
  // The logs listed other jobs under this request id (a browser may resend a POST by itself): each was charged.
  const others = Array.isArray(r.duplicates) ? r.duplicates : [];
  $("duplicates").hidden = others.length === 0;
  $("duplicate-ids").replaceChildren(...others.flatMap((id, i) => (i ? [", ", code(id)] : [code(id)])));
  $("video").play().catch(() => {}); // autoplay may be refused; the controls are there
}
function setAspect(aspect) {
  $("player-box").classList.toggle("portrait", aspect === "9:16");
}
$("aspect").addEventListener("change", () => setAspect($("aspect").value));

// --- history -----------------------------------------------------------------------------------
function history() {
  try {
    const h = JSON.parse(store.get(HISTORY_STORE) ?? "[]");
    return Array.isArray(h) ? h : [];
  } catch {
    return [];
  }
}
// An entry is the same job by its generation id, or before there is one by its client request id.
const sameJob = (a, b) => (a.id != null && a.id === b.id) || (a.clientRequestId != null && a.clientRequestId === b.clientRequestId);
function saveHistory(entry) {
  const h = history().filter((e) => !sameJob(e, entry));
  h.unshift(entry);
  store.set(HISTORY_STORE, JSON.stringify(h.slice(0, 20)));
  renderHistory();
}
function renderHistory() {
  const list = $("history");
  list.replaceChildren();
  const h = history();
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
    if (e.status === "completed" && isWebUrl(e.videoUrl)) {
      li.append(button("Play", () => showVideo(e)));
    } else if (followed(e) || ["completed", "failed"].includes(e.status)) {
      // followed now, or over: nothing to offer
    } else if (e.id) {
      li.append(button("Resume", () => resume(e)));
    } else if (e.clientRequestId) {
      // Its submit's answer never came: the job may exist, and be charged. The usage logs can name it.
      li.append(button("Find this job", () => find(e)));
    }
    list.append(li);
  }
}
/** Whether this page is following `e` right now. */
function followed(e) {
  return running?.entry != null && sameJob(running.entry, e);
}
// A stored "running" is only true while this page follows the job: after a reload nothing does.
function statusText(e) {
  if (e.status !== "running" || followed(e)) return e.status;
  return e.id ? "not followed since the page closed" : "the page closed before the submit's answer came";
}
function code(text) {
  const c = document.createElement("code");
  c.className = "copy";
  c.textContent = text;
  return c;
}
function button(label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "secondary small";
  b.textContent = label;
  b.disabled = running !== null; // one job at a time
  b.addEventListener("click", onClick);
  return b;
}
$("clear-history").addEventListener("click", () => {
  store.remove(HISTORY_STORE);
  renderHistory();
});
renderHistory();

// --- running a job -----------------------------------------------------------------------------
function startRun(entry) {
  const controller = new AbortController();
  const started = performance.now();
  $("failure").hidden = true;
  $("progress").hidden = false;
  $("events").replaceChildren();
  $("status").textContent = "Starting…";
  $("status").title = "";
  $("generate").disabled = true;
  $("cancel").disabled = false;
  // The bar moves on this clock between the package's events, which may be far apart.
  const timer = setInterval(tick, 250);
  running = { controller, started, timer, callStart: started, expectedMs: null, entry };
  tick();
  renderHistory();
  return controller.signal;
}
// The API reports no progress: the bar fills toward the package's estimate of when the job ends.
function tick() {
  if (!running) return;
  const ms = performance.now() - running.callStart;
  $("elapsed").textContent = `${Math.round(ms / 1000)} s`;
  const view = progressView(ms, running.expectedMs);
  $("estimate").textContent = view.text;
  if (view.fraction === null) $("bar").removeAttribute("value"); // no estimate yet: indeterminate
  else $("bar").value = view.fraction * 100;
}
function endRun() {
  if (!running) return;
  clearInterval(running.timer);
  running = null;
  $("generate").disabled = false;
  $("cancel").disabled = true;
  renderHistory();
}
function onProgress(entry) {
  return (e) => {
    if (running) {
      running.callStart = performance.now() - e.elapsedMs; // the package's clock, which the estimate is on
      if (e.expectedMs != null) running.expectedMs = e.expectedMs;
      tick();
    }
    if (e.type === "submitting") {
      entry.clientRequestId = e.clientRequestId;
      saveHistory(entry); // before the paid POST goes out: the job can be found by this id if its answer is lost
    }
    if (e.id && entry.id !== e.id) {
      entry.id = e.id;
      saveHistory(entry); // from here on, the job can be resumed after a reload
    }
    if (e.type === "recovering") {
      $("status").textContent = LOOKING;
      $("status").title = e.message ?? "";
    } else if (e.type === "retry") {
      const li = document.createElement("li");
      li.textContent = `Retry ${e.attempt} in ${(e.retryInMs / 1000).toFixed(1)} s: ${e.message}`;
      $("events").append(li);
    } else {
      $("status").textContent = e.type === "submitting" ? "Sending…" : e.type === "submitted" ? `Submitted (${e.status})` : `Status: ${e.status}`;
    }
  };
}
async function follow(entry, call) {
  try {
    const r = await call;
    $("bar").value = 100;
    $("status").textContent = "Completed";
    $("estimate").textContent = "";
    // waitForVideo submits nothing, so its result has no client request id: the entry keeps its own.
    // Other jobs under its request id come from generateVideo's own lookup, or from the one before a Resume.
    const duplicates = r.duplicates?.length ? r.duplicates : (entry.duplicates ?? []);
    Object.assign(entry, { status: "completed", videoUrl: r.videoUrl, id: r.id, clientRequestId: r.clientRequestId ?? entry.clientRequestId ?? null, usdSpent: r.usdSpent, creditsUsed: r.creditsUsed, duplicates });
    showVideo(entry);
  } catch (e) {
    entry.clientRequestId ??= e?.clientRequestId ?? null;
    $("status").textContent = e?.code === "aborted" ? "Cancelled" : "Failed";
    // A job that exists and has not failed may still finish: kept, to resume. So is a submit whose
    // answer was lost (no id, and not a refusal): the job may exist, to find by its request id.
    const lost = !e?.generationId && entry.clientRequestId && !REFUSED.includes(e?.code);
    const keep = ["aborted", "timeout"].includes(e?.code) || (e?.generationId && e.code !== "generation_failed") || lost;
    entry.status = keep ? `interrupted (${e?.code})` : "failed";
    const title = ADVICE[e?.code]?.[0] ?? "The submit's answer was lost";
    showFailure(e, lost && !entry.id ? [title, "The job may exist, and be charged: “Find this job” in the history below looks for it in the usage logs."] : undefined);
    if (e?.code === "invalid_request") {
      for (const [field, name] of [["prompt", "prompt"], ["imageUrl", "image"], ["lastImageUrl", "last"], ["imageUrls", "reference"], ["each of imageUrls", "reference"], ["videoUrl", "video"], ["apiKey", "api-key"], ["baseUrl", "base-url"], ["maxUsd", "max-usd"], ["This video would cost", "max-usd"]]) {
        if (String(e.message).startsWith(field)) setError(name, e.message);
      }
    }
  } finally {
    endRun();
    if (entry.id || entry.clientRequestId) saveHistory(entry);
  }
}

$("form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (running || !validate()) return;
  rememberKey();
  // The model is kept for "Find this job": the usage logs are read per model.
  const entry = { id: null, clientRequestId: null, prompt: $("prompt").value.trim().slice(0, 200), status: "running", at: new Date().toISOString(), baseUrl: baseUrl(), model: modelId() };
  const signal = startRun(entry);
  setAspect($("aspect").value === "9:16" ? "9:16" : "16:9");
  follow(
    entry,
    generateVideo({
      apiKey: pageKey(),
      baseUrl: baseUrl(),
      prompt: $("prompt").value,
      ...modeOptions(),
      ...costSettings(),
      ...(maxUsd() === undefined ? {} : { maxUsd: maxUsd() }),
      ...simPolling(baseUrl()),
      signal,
      onProgress: onProgress(entry),
    }),
  );
});

// The options of the chosen mode. Reference files go as they are: the package reads a File itself.
function modeOptions() {
  const m = mode();
  const o = {};
  if (m.image) o.imageUrl = imageData ?? $("image-url").value.trim();
  if (m.last) o.lastImageUrl = $("last-url").value.trim();
  if (m.references) o.imageUrls = [...lines($("reference-urls").value), ...$("reference-files").files];
  if (m.video) o.videoUrl = $("video-url").value.trim();
  if (m.aspect.length) o.aspectRatio = $("aspect").value;
  return o;
}

// "Extend this video": the finished video becomes the one to extend.
$("extend-this").addEventListener("click", () => {
  $("mode-extend").checked = true;
  $("video-url").value = $("video").src;
  showMode();
  $("prompt").focus();
});

// The simulator's jobs take seconds, not the model's 80-100 s: poll it every second (also through
// the proxy in front of it).
function simPolling(url) {
  return url === simUrl || (proxyUrl && url === proxyUrl) ? { pollIntervalMs: 1000, learn: false } : {};
}

// Never the page's key to "Your server", which adds its own.
const keyFor = (entry) => (entry.baseUrl === proxyUrl ? undefined : $("api-key").value.trim() || undefined);

function resume(entry, submittedAt = Date.parse(entry.at)) {
  if (running) return;
  const signal = startRun(entry);
  entry.status = "running";
  $("status").textContent = "Resuming…";
  follow(
    entry,
    waitForVideo({
      id: entry.id,
      apiKey: keyFor(entry),
      baseUrl: entry.baseUrl,
      ...(isNaN(submittedAt) ? {} : { submittedAt }), // lets the schedule know how far along the job is
      ...simPolling(entry.baseUrl),
      signal,
      onProgress: onProgress(entry),
    }),
  );
}

$("cancel").addEventListener("click", () => running?.controller.abort());

// "Find this job": the submit of `entry` went out, but its answer never came (a reload, a dropped
// connection). The usage logs list the job under its client request id once it has ended, so the
// search may take as long as the job; then the job is followed as Resume does. Nothing is sent again.
async function find(entry) {
  if (running) return;
  const signal = startRun(entry);
  $("status").textContent = "Looking for the job in the usage logs (they list a job once it has ended, so this can take as long as the job)… nothing is sent again";
  const at = Date.parse(entry.at);
  let found;
  try {
    found = await recoverGeneration({
      clientRequestId: entry.clientRequestId,
      ...(entry.model ? { model: entry.model } : {}),
      ...(isNaN(at) ? {} : { submittedAt: at }),
      baseUrl: entry.baseUrl,
      apiKey: keyFor(entry),
      signal,
    });
  } catch (e) {
    endRun();
    $("status").textContent = e?.code === "aborted" ? "Cancelled" : e?.code === "not_found" ? "Not found" : "Failed";
    if (e?.code === "not_found") {
      entry.status = "not found in the usage logs yet";
      saveHistory(entry);
    }
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
  endRun();
  Object.assign(entry, { id: found.id, duplicates: found.duplicates ?? [] });
  saveHistory(entry); // the id is kept before following it, so a reload now offers Resume
  resume(entry, found.submittedAt);
}
