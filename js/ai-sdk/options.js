// The AI SDK's call options as the package's options, model by model from the one table
// (js/family.js, generated from spec/family.mjs), with a warning for each one a model does not take.
// The SDK's own options are matched to the table's fields by the field's `sdk` (and `kind`, for the
// two that inputReferences sets), never by the field's name.
import { FAMILY, FIELDS, SDK_CALL_OPTIONS } from "../family.js";
import { coded } from "../coded.js";
import { MAX_LIST, toBase64 } from "../images.js";

const fields = Object.entries(FIELDS);
/** The field the SDK's option `sdk` sets (of `kind`, of `frame`), by the table. */
const fieldOf = (sdk, test = () => true) => fields.find(([, f]) => f.sdk === sdk && test(f))?.[0];
const FIRST = fieldOf("image");
const LAST = fieldOf("frameImages");
const REFERENCES = fieldOf("inputReferences", (f) => f.kind === "images");
const VIDEO = fieldOf("inputReferences", (f) => f.kind === "video");
const [ASPECT, RESOLUTION, DURATION, AUDIO, SEED] = ["aspectRatio", "resolution", "duration", "generateAudio", "seed"].map((o) => fieldOf(o));

/**
 * The options `providerOptions.aimlapi` may carry: the fields the SDK has no option for, whose
 * model must take them, and the call's own options, which every model takes.
 */
const PROVIDER_FIELDS = new Set(fields.filter(([name, f]) => !f.sdk && name !== "model" && name !== "prompt").map(([name]) => name));
const PROVIDER_CALL = new Set([...SDK_CALL_OPTIONS, "extra"]);

/** `{width}x{height}` to the family's names, by the longer side, and back. */
const SIZES = { 1280: "720p", 1920: "1080p" };
const SIDES = { "720p": "1280x720", "1080p": "1920x1080" };

/**
 * The package's options for one call of `modelId`, and the SDK's warnings. A model outside the
 * family gets every option, as the package passes them through.
 */
export function toPackage(modelId, call) {
  const row = FAMILY[modelId];
  const warnings = [];
  const skip = (feature, why) => warnings.push({ type: "unsupported", feature, details: `${modelId} ${why}` });
  // A model outside the family takes every field, as the package passes them through.
  const takes = (field) => !row || Object.hasOwn(row.takes, field);
  const values = (field) => row?.takes[field]?.values;
  const o = { model: modelId, prompt: call.prompt };
  // Lists no longer than the package reads, before any item is looked at: the work is bounded
  // whatever the call holds (a million references would each be read into base64 first).
  const few = (name, v) => {
    const n = Array.isArray(v) ? v.length : typeof v === "object" && v !== null ? Object.keys(v).length : 0;
    if (n > MAX_LIST) throw coded("invalid_request", `${name} holds ${n} items: aimlapi-video takes at most ${MAX_LIST}`);
    return v;
  };

  if (call.image) {
    if (takes(FIRST)) o[FIRST] = url(call.image);
    else skip("image", "takes no first frame.");
  }
  const [last, ...more] = few("frameImages", call.frameImages)?.filter((f) => f.frameType === "last_frame") ?? [];
  if (last) {
    if (takes(LAST)) o[LAST] = url(last.image);
    else skip("frameImages", "takes no last frame.");
  }
  if (more.length > 0) skip("frameImages", "takes one last frame: the others were left out.");
  // A reference of no known type is the video, for a model that takes a video and no images.
  const videoOnly = row && takes(VIDEO) && !takes(REFERENCES);
  for (const ref of few("inputReferences", call.inputReferences) ?? []) {
    if (isVideo(ref) || (videoOnly && !ref.mediaType && ref.type === "url")) {
      if (!takes(VIDEO)) skip("inputReferences", "takes no video.");
      else if (o[VIDEO]) skip("inputReferences", "extends one video: the others were left out.");
      else o[VIDEO] = url(ref);
    } else if (takes(REFERENCES)) (o[REFERENCES] ??= []).push(url(ref));
    else skip("inputReferences", "takes no reference images.");
  }

  if (call.aspectRatio !== undefined) {
    const ratios = values(ASPECT);
    if (row && !ratios) skip("aspectRatio", "takes no aspect ratio.");
    else if (call.aspectRatio !== "adaptive") o[ASPECT] = call.aspectRatio;
    else if (!ratios || ratios.includes("auto")) o[ASPECT] = "auto";
    else skip("aspectRatio", "has no adaptive aspect ratio.");
  }
  if (call.resolution !== undefined) {
    const [w, h] = String(call.resolution).split("x").map(Number);
    const name = SIZES[Math.max(w, h)];
    const sizes = values(RESOLUTION) ?? Object.values(SIZES);
    const spelled = name && sizes.find((r) => r.toLowerCase() === name);
    if (spelled && Math.min(w, h) * 16 === Math.max(w, h) * 9) {
      o[RESOLUTION] = spelled;
      // The size says which way up; the API's default is 16:9, so a portrait size asks for 9:16.
      const ratio = h > w ? "9:16" : "16:9";
      const ratios = values(ASPECT) ?? [];
      if (call.aspectRatio === undefined && h > w && ratios.includes(ratio)) o[ASPECT] = ratio;
      else if (o[ASPECT] !== undefined && o[ASPECT] !== "auto" && o[ASPECT] !== ratio) skip("resolution", `was sent as ${spelled}, and aspectRatio ${o[ASPECT]} decides which way up, not ${call.resolution}.`);
      else if (row && h > w && !ratios.includes(ratio)) skip("resolution", `makes ${spelled} the way it chooses: it takes no aspect ratio.`);
    } else {
      skip("resolution", `makes ${sizes.map((r) => `${r} (${SIDES[r.toLowerCase()]})`).join(" or ")}, either way up, not ${call.resolution}.`);
    }
  }
  if (call.duration !== undefined) o[DURATION] = call.duration;
  if (call.generateAudio !== undefined) o[AUDIO] = call.generateAudio;
  if (call.seed !== undefined) {
    if (takes(SEED)) o[SEED] = call.seed;
    else skip("seed", "takes no seed.");
  }
  if (call.fps !== undefined) skip("fps", "sets its own frame rate.");
  if (call.n > 1) skip("n", "makes one video per call.");

  for (const [name, value] of Object.entries(few("providerOptions.aimlapi", call.providerOptions?.aimlapi) ?? {})) {
    const field = PROVIDER_FIELDS.has(name);
    if (!field && !PROVIDER_CALL.has(name)) skip(`providerOptions.aimlapi.${name}`, "has no such option in aimlapi-video.");
    else if (field && !takes(name)) skip(`providerOptions.aimlapi.${name}`, `takes no ${name}.`);
    else o[name] = value;
  }
  return { options: o, warnings };
}

const isVideo = (f) => (f.mediaType ?? "").startsWith("video/") || (f.type === "url" && /\.(mp4|webm|mov)(\?|#|$)/i.test(f.url));

/** A file of the SDK's as the URL the API takes: its own, or its bytes as a data URL. */
function url(f) {
  if (f.type === "url") return f.url;
  const data = typeof f.data === "string" ? f.data : toBase64(f.data);
  return `data:${f.mediaType};base64,${data}`;
}
