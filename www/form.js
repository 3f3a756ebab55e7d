// The form: which mode (its model and fields), the settings that set the price, and the checks made
// next to each field before anything is sent.
import { MODES } from "./modes.js";
import { backend, validBaseUrl, keyInUse } from "./backend.js";
import { chosenImage, hasImageFile } from "./image.js";

const $ = (id) => document.getElementById(id);

export function mode() {
  return MODES[document.querySelector('input[name="mode"]:checked').value];
}
export function modelId() {
  const m = mode();
  return m.models[$("tier").value] ?? m.models.full;
}
/** Refills `select` with `values` (labelled by `label`), keeping its choice when it is still one. */
function offer(select, values, label = String) {
  const keep = select.value;
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
  if (values.map(String).includes(keep)) select.value = keep;
}
/** Shows the chosen mode's fields and choices; `onChange` runs after. */
export function showMode(onChange) {
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
  onChange?.();
}

/** What the price depends on, as generateVideo gets it. */
export function costSettings() {
  return { model: modelId(), duration: Number($("duration").value), resolution: $("resolution").value, generateAudio: $("audio").checked };
}

const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/** The options of the chosen mode. Reference files go as they are: the package reads a File itself. */
export function modeOptions() {
  const m = mode();
  const o = {};
  if (m.image) o.imageUrl = chosenImage();
  if (m.last) o.lastImageUrl = $("last-url").value.trim();
  if (m.references) o.imageUrls = [...lines($("reference-urls").value), ...$("reference-files").files];
  if (m.video) o.videoUrl = $("video-url").value.trim();
  if (m.aspect.length) o.aspectRatio = $("aspect").value;
  return o;
}

// --- checks, next to each field, before anything is sent ---------------------------------------
// Each error's name, its field, and the field's name as the bar's summary says it.
const FIELDS = {
  prompt: ["prompt", "Prompt"],
  image: ["image-url", "Image"],
  last: ["last-url", "Last frame"],
  reference: ["reference-urls", "Reference images"],
  video: ["video-url", "Video to extend"],
  "api-key": ["api-key", "API key"],
  "base-url": ["base-url", "Base URL"],
  "max-usd": ["max-usd", "Cost limit"],
};
export function setError(name, text) {
  $(`${name}-error`).textContent = text;
  $(FIELDS[name][0]).setAttribute("aria-invalid", text ? "true" : "false");
}
/** The package refused an option before sending (invalid_request): its message goes next to the
 * field it names. */
export function markRefusedField(message) {
  for (const [field, name] of [["prompt", "prompt"], ["imageUrl", "image"], ["lastImageUrl", "last"], ["imageUrls", "reference"], ["each of imageUrls", "reference"], ["videoUrl", "video"], ["apiKey", "api-key"], ["baseUrl", "base-url"], ["maxUsd", "max-usd"], ["This video would cost", "max-usd"]]) {
    if (String(message).startsWith(field)) setError(name, message);
  }
}
/** The "Stop if it would cost more than" amount; undefined when empty, NaN when not an amount. */
export function maxUsd() {
  const v = $("max-usd").value.trim();
  return $("max-usd").validity.badInput ? NaN : v === "" ? undefined : Number(v);
}
/** Checks the form; shows each error by its field, names them by the Generate button, and focuses the first. */
export function validate() {
  const errors = {};
  if (!$("prompt").value.trim()) errors.prompt = "Describe what should happen in the video.";
  const m = mode();
  const web = (u) => /^https?:\/\/\S+$/i.test(u);
  const url = $("image-url").value.trim();
  if (m.image && !hasImageFile() && !url) errors.image = "Give an image URL, or choose or drop a file.";
  else if (m.image && !hasImageFile() && !web(url)) errors.image = "The image URL must start with http:// or https://.";
  if (m.last && !web($("last-url").value.trim())) errors.last = "Give the last frame's URL (http:// or https://).";
  const refs = lines($("reference-urls").value);
  if (m.references && refs.length + $("reference-files").files.length === 0) errors.reference = "Give at least one reference image: a URL per line, or files.";
  else if (m.references && !refs.every(web)) errors.reference = "Each reference URL must start with http:// or https://.";
  if (m.video && !web($("video-url").value.trim())) errors.video = "Give the URL of the video to extend (http:// or https://).";
  if (backend() === "aimlapi" && !$("api-key").value.trim()) errors["api-key"] = "Paste your AI/ML API key (or pick the local simulator).";
  if (keyInUse() && /\s/.test($("api-key").value.trim())) errors["api-key"] = "The key has spaces in it; paste it again.";
  if (backend() === "custom" && !validBaseUrl()) errors["base-url"] = "Enter an http(s):// URL, e.g. https://your-proxy.example.com.";
  if (maxUsd() !== undefined && !(maxUsd() > 0)) errors["max-usd"] = "Give an amount in US dollars above 0 (e.g. 2.50), or leave it empty for no limit.";
  for (const name of Object.keys(FIELDS)) setError(name, errors[name] ?? "");
  const names = Object.keys(errors);
  // The field's own message is announced; this line is for the eye, by the button that was pressed.
  $("check").textContent = names.length ? `Nothing was sent. Fix ${names.length === 1 ? "the field" : "the fields"} marked in the form: ${names.map((n) => FIELDS[n][1]).join(", ")}.` : "";
  if (names.length) $(FIELDS[names[0]][0]).focus();
  return names.length === 0;
}
