// The options of `generateVideo` and `createGeneration`: one shape per model of the Veo 3.1 family
// (src/models.rs, the family's table), told apart by `model`, so that a wrong combination is a type
// error; and the shape of any other model. tests/models.rs reads this file and holds each shape to
// its row of the table: keep its layout (one property a line; value lists as literals or as the
// one-line aliases below).
import type { GlobalInstance, WaitOptions } from "./options.js";

/**
 * An image: an `http(s)://` URL, a `data:image/...;base64,` URL, or a `Blob` or `File` (PNG, JPEG,
 * WebP or GIF, at most 10 MB), which is sent as a data URL.
 */
export type ImageInput = string | GlobalInstance<"Blob">;

/** What every model takes. */
export interface CommonGenerateOptions extends WaitOptions {
  /** What should happen in the video. Required. */
  prompt: string;
  /** Whether to add a sound track (the API's default: yes). */
  generateAudio?: boolean | undefined;
  /** More body fields, for what this package has no option for; may not repeat a field that has one. */
  extra?: Record<string, unknown> | undefined;
}

type Wide = "16:9" | "9:16";
type Seconds = 4 | 6 | 8;
type Sizes = "720p" | "1080p";

/** Image to video: the image is the first frame. */
export interface ImageToVideoOptions extends CommonGenerateOptions {
  /** The first frame. Required. */
  imageUrl: ImageInput;
  aspectRatio?: Wide | undefined;
  /** Seconds. */
  duration?: Seconds | undefined;
  resolution?: Sizes | undefined;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string | undefined;
}

/** Text to video. */
export interface TextToVideoOptions extends CommonGenerateOptions {
  aspectRatio?: Wide | undefined;
  /** Seconds. */
  duration?: Seconds | undefined;
  resolution?: Sizes | undefined;
  /** The same seed and options give a similar video. */
  seed?: number | undefined;
  /** What to keep out of the video. */
  negativePrompt?: string | undefined;
  /** Whether the prompt may be rewritten for a better result (the API's default: yes). */
  enhancePrompt?: boolean | undefined;
  /** Whether a prompt the content policy refuses may be fixed (the API's default: yes). */
  autoFix?: boolean | undefined;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string | undefined;
}

/** First and last frame: a video that bridges two images. */
export interface FirstLastFrameOptions extends ImageToVideoOptions {
  /** The last frame. Required. */
  lastImageUrl: ImageInput;
}

/** Reference images: keeps a character or an object the same; 8 seconds. */
export interface ReferenceToVideoOptions extends CommonGenerateOptions {
  /** The reference images. Required, at least one. */
  imageUrls: readonly ImageInput[];
  duration?: 8 | undefined;
  resolution?: Sizes | undefined;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string | undefined;
}

/** Extend a video by 7 seconds, at 720p. */
export interface ExtendVideoOptions extends CommonGenerateOptions {
  /** The video to extend: an `http(s)://` URL (a finished result's `videoUrl`) or a `data:video/...;base64,` URL. Required. */
  videoUrl: string;
  aspectRatio?: "auto" | Wide | undefined;
  duration?: 7 | undefined;
  resolution?: "720p" | undefined;
  /** Whether a prompt the content policy refuses may be fixed (the API's default: no). */
  autoFix?: boolean | undefined;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string | undefined;
}

/** Lite: text to video, or from a first (and a last) frame. */
export interface LiteOptions extends CommonGenerateOptions {
  /** The first frame, if any. */
  imageUrl?: ImageInput | undefined;
  /** The last frame, if any. */
  lastImageUrl?: ImageInput | undefined;
  aspectRatio?: Wide | undefined;
  /** Seconds. */
  duration?: Seconds | undefined;
  resolution?: Sizes | undefined;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string | undefined;
}

/** `veo-3.1-lite-generate-001`: resolutions in capitals, `personGeneration`, no `provider`. */
export interface Lite001Options extends CommonGenerateOptions {
  /** The first frame, if any. */
  imageUrl?: ImageInput | undefined;
  /** The last frame, if any. */
  lastImageUrl?: ImageInput | undefined;
  aspectRatio?: Wide | undefined;
  /** Seconds. */
  duration?: Seconds | undefined;
  resolution?: "720P" | "1080P" | undefined;
  /** Whether people may be shown: not at all, or adults only. */
  personGeneration?: "dont_allow" | "allow_adult" | undefined;
}

/** The options of each model of the Veo 3.1 family, by its id (without `model`). */
export interface VeoModelOptions {
  "google/veo-3.1-i2v": ImageToVideoOptions;
  "google/veo-3.1-i2v-fast": ImageToVideoOptions;
  "google/veo-3.1-t2v": TextToVideoOptions;
  "google/veo-3.1-t2v-fast": TextToVideoOptions;
  "google/veo-3.1-first-last-image-to-video": FirstLastFrameOptions;
  "google/veo-3.1-first-last-image-to-video-fast": FirstLastFrameOptions;
  "google/veo-3.1-reference-to-video": ReferenceToVideoOptions;
  "google/veo3-1-extend-video": ExtendVideoOptions;
  "google/veo3-1-fast-extend-video": ExtendVideoOptions;
  "veo-3.1-lite-generate-001": Lite001Options;
  "google/veo-3-1-lite-generate-preview": LiteOptions;
}

/** A model of the Veo 3.1 family. */
export type VeoModel = keyof VeoModelOptions;

/** The model used when the options name none. */
type DefaultModel = "google/veo-3.1-i2v";

/** `model` in the options of the family's model `M`: required, but for the default. */
type ModelField<M extends VeoModel> = M extends DefaultModel ? { model?: M | undefined } : { model: M };

/** The options of the family's model `M`, with its `model`. */
type FamilyOptions<M extends VeoModel> = VeoModelOptions[M] & ModelField<M>;

/** The options of any model of the family, told apart by `model`. */
type AnyFamilyOptions = { [M in VeoModel]: FamilyOptions<M> }[VeoModel];

/** A model outside the family: its fields pass through as they are, checked only for form. */
export interface OtherModelOptions<M extends string = string> extends CommonGenerateOptions {
  model: M;
  imageUrl?: ImageInput | undefined;
  lastImageUrl?: ImageInput | undefined;
  imageUrls?: readonly ImageInput[] | undefined;
  videoUrl?: string | undefined;
  aspectRatio?: string | undefined;
  /** Seconds, a whole number. */
  duration?: number | undefined;
  resolution?: string | undefined;
  seed?: number | undefined;
  negativePrompt?: string | undefined;
  enhancePrompt?: boolean | undefined;
  autoFix?: boolean | undefined;
  personGeneration?: string | undefined;
  provider?: string | undefined;
}

/**
 * The options of `generateVideo` and `createGeneration`.
 *
 * Without `M`: any of them, told apart by `model`: the options of a model of the Veo 3.1 family
 * (`model` may be left out for the default, `google/veo-3.1-i2v`), or, for any other model, every
 * field. Passed inline to `generateVideo` or `createGeneration`, options are held to their model's
 * shape. A value typed with this union is held only to the union, where a family id is also "any
 * other model": to hold a stored value to its model, write `GenerateVideoOptions<"google/veo-3.1-t2v">`,
 * or `GenerateVideoOptions<VeoModel>` for any model of the family.
 *
 * With `M`: the options of the model `M` (of each, for a union of models).
 */
export type GenerateVideoOptions<M extends string = string> = string extends M
  ? AnyFamilyOptions | OtherModelOptions
  : M extends VeoModel
    ? FamilyOptions<M>
    : OtherModelOptions<M>;
