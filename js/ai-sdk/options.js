// The AI SDK's call options as the package's options, model by model from the family's table
// (js/family.js, made from src/models.rs), with a warning for each one a model does not take.
import { FAMILY } from "../family.js";
import { toBase64 } from "../images.js";

/** The camelCase options `providerOptions.aimlapi` may carry, and the table's column each needs. */
const PROVIDER_OPTIONS = {
  negativePrompt: (m) => m.promptTuning,
  enhancePrompt: (m) => m.promptTuning,
  autoFix: (m) => m.autoFix,
  personGeneration: (m) => m.personGeneration.length > 0,
  provider: (m) => m.provider,
  extra: () => true,
  pollIntervalMs: () => true,
  timeoutMs: () => true,
  maxRetries: () => true,
  learn: () => true,
};

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
  const takes = (column) => !row || row[column] !== "no";
  const o = { model: modelId, prompt: call.prompt };

  if (call.image) {
    if (takes("image")) o.imageUrl = url(call.image);
    else skip("image", "takes no first frame.");
  }
  const [last, ...more] = call.frameImages?.filter((f) => f.frameType === "last_frame") ?? [];
  if (last) {
    if (takes("lastImage")) o.lastImageUrl = url(last.image);
    else skip("frameImages", "takes no last frame.");
  }
  if (more.length > 0) skip("frameImages", "takes one last frame: the others were left out.");
  // A reference of no known type is the video, for a model that takes a video and no images.
  const videoOnly = row && row.video !== "no" && row.images === "no";
  for (const ref of call.inputReferences ?? []) {
    if (isVideo(ref) || (videoOnly && !ref.mediaType && ref.type === "url")) {
      if (!takes("video")) skip("inputReferences", "takes no video.");
      else if (o.videoUrl) skip("inputReferences", "extends one video: the others were left out.");
      else o.videoUrl = url(ref);
    } else if (takes("images")) (o.imageUrls ??= []).push(url(ref));
    else skip("inputReferences", "takes no reference images.");
  }

  if (call.aspectRatio !== undefined) {
    const ratios = row?.aspectRatios;
    if (ratios?.length === 0) skip("aspectRatio", "takes no aspect ratio.");
    else if (call.aspectRatio !== "adaptive") o.aspectRatio = call.aspectRatio;
    else if (!ratios || ratios.includes("auto")) o.aspectRatio = "auto";
    else skip("aspectRatio", "has no adaptive aspect ratio.");
  }
  if (call.resolution !== undefined) {
    const [w, h] = String(call.resolution).split("x").map(Number);
    const name = SIZES[Math.max(w, h)];
    const spelled = name && (row ? row.resolutions.find((r) => r.toLowerCase() === name) : name);
    if (spelled && Math.min(w, h) * 16 === Math.max(w, h) * 9) {
      o.resolution = spelled;
      // The size says which way up; the API's default is 16:9, so a portrait size asks for 9:16.
      const ratio = h > w ? "9:16" : "16:9";
      if (call.aspectRatio === undefined && h > w && row?.aspectRatios.includes(ratio)) o.aspectRatio = ratio;
      else if (o.aspectRatio !== undefined && o.aspectRatio !== "auto" && o.aspectRatio !== ratio) skip("resolution", `was sent as ${spelled}, and aspectRatio ${o.aspectRatio} decides which way up, not ${call.resolution}.`);
      else if (row && h > w && !row.aspectRatios.includes(ratio)) skip("resolution", `makes ${spelled} the way it chooses: it takes no aspect ratio.`);
    } else {
      const sizes = (row ? row.resolutions : ["720p", "1080p"]).map((r) => `${r} (${SIDES[r.toLowerCase()]})`).join(" or ");
      skip("resolution", `makes ${sizes}, either way up, not ${call.resolution}.`);
    }
  }
  if (call.duration !== undefined) o.duration = call.duration;
  if (call.generateAudio !== undefined) o.generateAudio = call.generateAudio;
  if (call.seed !== undefined) {
    if (!row || row.promptTuning) o.seed = call.seed;
    else skip("seed", "takes no seed.");
  }
  if (call.fps !== undefined) skip("fps", "sets its own frame rate.");
  if (call.n > 1) skip("n", "makes one video per call.");

  for (const [name, value] of Object.entries(call.providerOptions?.aimlapi ?? {})) {
    const allowed = Object.hasOwn(PROVIDER_OPTIONS, name) ? PROVIDER_OPTIONS[name] : null;
    if (!allowed) skip(`providerOptions.aimlapi.${name}`, "has no such option in aimlapi-video.");
    else if (row && !allowed(row)) skip(`providerOptions.aimlapi.${name}`, `takes no ${name}.`);
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
