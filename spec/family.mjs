// The one table: every option of the package (FIELDS, CALL), and the Veo 3.1 family (SHAPES,
// MODELS): which fields each model takes, how much it needs them, and which values it allows.
// Plain data. `npm run generate` (scripts/generate.mjs) writes everything else from it: the Rust
// table, js/family.js, the TypeScript types, the AI SDK's option list, the demo's modes and the
// README's tables; the command line reads js/family.js. tests/models.rs holds it to the vendor's
// files (spec/api/). How to add a field or a model: CONTRIBUTING.md.

/**
 * The fields of the submit body, in the order they are sent. Each has:
 * - `kind`: what its value is; the checks, the types and the tools follow from it:
 *   `text` (a non-blank string), `choice` (a string, one of the model's values), `image` (a URL, or
 *   a Blob the package reads), `images` (a list of them), `video` (a URL), `seconds` (a whole
 *   number of seconds), `whole` (a whole number), `boolean`;
 * - `doc`: one sentence, for the types, the README and the command line's help;
 * - `wire`: its name in the API's JSON when it is not the snake_case of its own;
 * - `frame`: for an image, which frame it is (`first`, `last`): the AI SDK and the demo ask;
 * - `flag`: the command line's flag when it is not the kebab-case of its name, `short` its letter;
 * - `sdk`: the AI SDK call option that sets it, when there is one (otherwise it goes in
 *   `providerOptions.aimlapi`).
 * `model` and `prompt` are taken by every model: `model` names the row, `prompt` is in each.
 */
export const FIELDS = {
  model: { kind: "text", doc: "The model: one of the family, or another model of the same endpoint.", short: "m" },
  prompt: { kind: "text", doc: "What should happen in the video." },
  imageUrl: { kind: "image", frame: "first", doc: "The first frame.", flag: "image", short: "i", sdk: "image" },
  lastImageUrl: { kind: "image", frame: "last", doc: "The last frame.", flag: "last-image", sdk: "frameImages" },
  imageUrls: { kind: "images", doc: "The reference images, at least one.", flag: "ref", sdk: "inputReferences" },
  videoUrl: { kind: "video", doc: "The video to extend.", flag: "video", sdk: "inputReferences" },
  aspectRatio: { kind: "choice", doc: "The video's shape.", sdk: "aspectRatio" },
  duration: { kind: "seconds", doc: "Its length, in seconds.", short: "d", sdk: "duration" },
  resolution: { kind: "choice", doc: "Its resolution, spelled as the model spells it.", short: "r", sdk: "resolution" },
  generateAudio: { kind: "boolean", doc: "Whether to add a sound track (the API's default: yes).", flag: "audio", sdk: "generateAudio" },
  seed: { kind: "whole", doc: "The same seed and options give a similar video.", sdk: "seed" },
  negativePrompt: { kind: "text", doc: "What to keep out of the video." },
  enhancePrompt: { kind: "boolean", doc: "Whether the prompt may be rewritten for a better result (the API's default: yes)." },
  autoFix: { kind: "boolean", doc: "Whether a prompt the content policy refuses may be fixed (the API's default depends on the model)." },
  personGeneration: { kind: "choice", doc: "Whether people may be shown: not at all, or adults only." },
  provider: { kind: "text", doc: "Provider routing override (auto, google, fal)." },
};

/**
 * The options of the call itself, not of the body: `type` is the JS type the reader takes; `sdk`,
 * when the AI SDK adapter takes it in `providerOptions.aimlapi`, says what it does there.
 */
export const CALL = {
  apiKey: { type: "string" },
  baseUrl: { type: "string" },
  pollIntervalMs: { type: "number", sdk: "`doGenerate`: a fixed wait between status reads, instead of the model's schedule." },
  timeoutMs: { type: "number", sdk: "`doGenerate`: the call's deadline (default 600000)." },
  maxRetries: { type: "number", sdk: "Retries of failed status reads in a row (default 5)." },
  id: { type: "string" },
  submittedAt: { type: "number" },
  learn: { type: "boolean", sdk: "`false`: the schedule neither uses nor adds to what the page has learned." },
  clientRequestId: { type: "clientId", sdk: "Sent as `X-Client-Request-Id`, by which the usage logs list the job (default: a random UUID); `false`: none is sent." },
  maxUsd: { type: "number", sdk: "The most you will pay, in US dollars: over the price list's estimate, or with none, the call rejects and sends nothing." },
};

// What a model's row says of a field: "required", "optional", or the list of values it allows (an
// optional field). A field a row leaves out is not an option of that model: it is refused.
const EVERY = { prompt: "required", generateAudio: "optional" };
const WIDE = ["16:9", "9:16"];
const SECONDS = [4, 6, 8];
const SIZES = ["720p", "1080p"];
const SHAPED = { aspectRatio: WIDE, duration: SECONDS, resolution: SIZES };
// What the API does with a field left out (each file's `default`): the price of a request that
// leaves it out is the price of this.
const DEFAULTS = { duration: 8, resolution: "1080p", generateAudio: true };

/**
 * The kinds of model: the fields each takes (its row), the API's defaults for those left out, a
 * sentence for its types, what it makes (the README's table), and the demo's modes it serves (the
 * first listed is the mode's own).
 */
export const SHAPES = {
  ImageToVideo: {
    doc: "Image to video: the image is the first frame.",
    makes: "image → video",
    demo: ["image"],
    takes: { ...EVERY, imageUrl: "required", ...SHAPED, provider: "optional" },
    defaults: DEFAULTS,
  },
  TextToVideo: {
    doc: "Text to video.",
    makes: "text → video",
    demo: ["text"],
    takes: { ...EVERY, ...SHAPED, seed: "optional", negativePrompt: "optional", enhancePrompt: "optional", autoFix: "optional", provider: "optional" },
    defaults: { ...DEFAULTS, autoFix: true, enhancePrompt: true },
  },
  FirstLastFrame: {
    doc: "First and last frame: a video that bridges two images.",
    makes: "first + last frame",
    demo: ["frames"],
    takes: { ...EVERY, imageUrl: "required", lastImageUrl: "required", ...SHAPED, provider: "optional" },
    defaults: DEFAULTS,
  },
  ReferenceToVideo: {
    doc: "Reference images: keeps a character or an object the same; 8 seconds.",
    makes: "reference images",
    demo: ["reference"],
    takes: { ...EVERY, imageUrls: "required", duration: [8], resolution: SIZES, provider: "optional" },
    defaults: { resolution: "1080p", generateAudio: true },
  },
  ExtendVideo: {
    doc: "Extend a video by 7 seconds, at 720p.",
    makes: "extend a video",
    demo: ["extend"],
    takes: { ...EVERY, videoUrl: "required", aspectRatio: ["auto", ...WIDE], duration: [7], resolution: ["720p"], autoFix: "optional", provider: "optional" },
    defaults: { aspectRatio: "auto", duration: 7, resolution: "720p", generateAudio: true, autoFix: false },
  },
  Lite: {
    doc: "Lite: text to video, or from a first (and a last) frame.",
    makes: "text, or frames",
    demo: ["image", "text", "frames"],
    takes: { ...EVERY, imageUrl: "optional", lastImageUrl: "optional", ...SHAPED, provider: "optional" },
    defaults: DEFAULTS,
  },
  Lite001: {
    doc: "`veo-3.1-lite-generate-001`: resolutions in capitals, `personGeneration`, no `provider`.",
    makes: "text, or frames",
    demo: ["image", "text", "frames"],
    takes: { ...EVERY, imageUrl: "optional", lastImageUrl: "optional", ...SHAPED, resolution: ["720P", "1080P"], personGeneration: ["dont_allow", "allow_adult"] },
    defaults: { ...DEFAULTS, resolution: "720P", personGeneration: "allow_adult" },
  },
};

/**
 * The family, one row per OpenAPI file of spec/api/: its shape and its tier (full, fast, lite),
 * which its poll schedule follows. `speed`: the demo's name for it among its mode's models, when
 * that is not its tier.
 */
export const MODELS = {
  "google/veo-3.1-i2v": { shape: "ImageToVideo", tier: "full" },
  "google/veo-3.1-i2v-fast": { shape: "ImageToVideo", tier: "fast" },
  "google/veo-3.1-t2v": { shape: "TextToVideo", tier: "full" },
  "google/veo-3.1-t2v-fast": { shape: "TextToVideo", tier: "fast" },
  "google/veo-3.1-first-last-image-to-video": { shape: "FirstLastFrame", tier: "full" },
  "google/veo-3.1-first-last-image-to-video-fast": { shape: "FirstLastFrame", tier: "fast" },
  "google/veo-3.1-reference-to-video": { shape: "ReferenceToVideo", tier: "full" },
  "google/veo3-1-extend-video": { shape: "ExtendVideo", tier: "full" },
  "google/veo3-1-fast-extend-video": { shape: "ExtendVideo", tier: "fast" },
  "veo-3.1-lite-generate-001": { shape: "Lite001", tier: "lite", speed: "lite001" },
  "google/veo-3-1-lite-generate-preview": { shape: "Lite", tier: "lite" },
};

/**
 * Other models the vendor documents on the same endpoint (an OpenAPI file in spec/api/ each), which
 * the package does not type: their fields pass through, checked only for form, and their answers
 * are read as the family's are.
 */
export const OTHERS = ["google/gemini-omni-1.1-flash"];

/** The model used when the options name none. */
export const DEFAULT_MODEL = "google/veo-3.1-i2v";

/** The API, when the options name no `baseUrl`. */
export const DEFAULT_BASE_URL = "https://api.aimlapi.com";

/**
 * The largest file sent inline, as a data: URL (a Blob, a File, the command line's file): 10 MB is
 * 13.4 MB of base64, within the proxy's default body limit.
 */
export const MAX_INLINE_BYTES = 10 * 1024 * 1024;
