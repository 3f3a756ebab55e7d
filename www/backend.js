// Where the page sends its calls (the AI/ML API, the local simulator, the package's proxy as "Your
// server", a custom base URL) and the key it sends: none to the simulator, which takes none (its
// field is off while it is chosen), nor to "Your server", which adds its own.
import { store } from "./store.js";

const $ = (id) => document.getElementById(id);
const AIMLAPI = "https://api.aimlapi.com";
const KEY_STORE = "aimlapi-video:key";
const params = new URLSearchParams(location.search);

/** `url` when it is an http(s) URL of this machine, else null. */
function loopback(url) {
  try {
    const u = new URL(url);
    return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) && /^https?:$/.test(u.protocol) ? url : null;
  } catch {
    return null;
  }
}
// `npm start` passes its simulator's address. Only a loopback one is taken: a link must not be able
// to preselect some other host for the user's key.
export const underNpmStart = loopback(params.get("sim")) !== null;
export const simUrl = loopback(params.get("sim")) ?? "http://127.0.0.1:8787";
// And the package's proxy in front of the simulator ("Your server"): it adds a key of its own.
export const proxyUrl = loopback(params.get("proxy"));

export function backend() {
  return document.querySelector('input[name="backend"]:checked').value;
}
export function baseUrl() {
  const b = backend();
  return b === "sim" ? simUrl : b === "server" ? proxyUrl : b === "custom" ? $("base-url").value.trim() : AIMLAPI;
}
export function validBaseUrl() {
  return /^https?:\/\/[^\s/?#]+/i.test($("base-url").value.trim());
}
/** The key the page sends with a new job: none to the simulator or to "Your server". */
export function pageKey() {
  return keyInUse(backend()) ? $("api-key").value.trim() || undefined : undefined;
}
/** The key for a saved job (Resume, "Find this job"): as when it was sent. Entries from before the
 * backend was saved with them go by their URL. */
export function keyForJob(entry) {
  const b = entry.backend ?? (proxyUrl && entry.baseUrl === proxyUrl ? "server" : "custom");
  return keyInUse(b) ? $("api-key").value.trim() || undefined : undefined;
}
/** Whether backend `b` takes the page's key (the simulator takes none; "Your server" adds its own). */
export const keyInUse = (b = backend()) => !["sim", "server"].includes(b);

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return "(no valid URL yet)";
  }
}

/** Wires the backend choice and the key field; `onChange` runs whenever the backend changes. */
export function setUpBackend(onChange) {
  const show = () => {
    const b = backend();
    $("custom-field").hidden = b !== "custom";
    $("key-field").hidden = b === "server";
    // The simulator takes no key: a key typed for the real API stays, unused, in a field that is off.
    const off = b === "sim";
    // (Forget stays: a stored key can be wiped whatever is chosen.)
    for (const id of ["api-key", "remember-key"]) $(id).disabled = off;
    $("api-key-off").hidden = !off;
    $("api-key-note").hidden = off; // where the key goes, and which key to make: not for the simulator
    $("api-key-advice").hidden = off;
    if (off) setKeyError("");
    $("api-host").textContent = hostOf(baseUrl());
    onChange();
  };
  // Served by `npm start` (which passes ?sim=), the simulator is the natural default.
  $(underNpmStart ? "backend-sim" : "backend-aimlapi").checked = true;
  for (const r of document.querySelectorAll('input[name="backend"]')) r.addEventListener("change", show);
  $("base-url").addEventListener("input", show);
  $("server-choice").hidden = !proxyUrl;
  show();

  const savedKey = store.get(KEY_STORE);
  if (savedKey) {
    $("api-key").value = savedKey;
    $("remember-key").checked = true;
  }
  $("remember-key").addEventListener("change", rememberKey);
  $("api-key").addEventListener("change", rememberKey);
  $("forget-key").addEventListener("click", () => {
    $("api-key").value = "";
    $("remember-key").checked = false;
    store.remove(KEY_STORE);
    $("api-key").focus();
  });
}
function setKeyError(text) {
  $("api-key-error").textContent = text;
  $("api-key").setAttribute("aria-invalid", text ? "true" : "false");
}

/** Stores the key only while "Remember on this device" is ticked. */
export function rememberKey() {
  if ($("remember-key").checked && $("api-key").value.trim()) store.set(KEY_STORE, $("api-key").value.trim());
  else store.remove(KEY_STORE);
}
