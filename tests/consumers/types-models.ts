// Compiled (not run) by the consumer matrix: each model of the Veo 3.1 family takes its own options,
// told apart by `model`; a wrong combination is a type error; a model outside the family takes any.
import { generateVideo, createGeneration } from "aimlapi-video";
import type { GenerateVideoOptions, ImageInput, VeoModel } from "aimlapi-video";

export async function models(image: ImageInput, someModel: string): Promise<void> {
  await generateVideo({ prompt: "p", imageUrl: image, duration: 6 });
  await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", seed: 3, negativePrompt: "x", enhancePrompt: false, autoFix: true });
  // @ts-expect-error text to video takes no image
  await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", imageUrl: "https://x/a.png" });
  // @ts-expect-error first and last frame needs the last frame
  await generateVideo({ model: "google/veo-3.1-first-last-image-to-video", prompt: "p", imageUrl: image });
  await generateVideo({ model: "google/veo-3.1-first-last-image-to-video-fast", prompt: "p", imageUrl: image, lastImageUrl: image });
  // @ts-expect-error reference images make 8 s only
  await generateVideo({ model: "google/veo-3.1-reference-to-video", prompt: "p", imageUrls: [image], duration: 4 });
  await generateVideo({ model: "google/veo-3.1-reference-to-video", prompt: "p", imageUrls: [image, "https://x/b.png"] });
  // @ts-expect-error extend is 720p
  await generateVideo({ model: "google/veo3-1-extend-video", prompt: "p", videoUrl: "https://x/v.mp4", resolution: "1080p" });
  await generateVideo({ model: "google/veo3-1-fast-extend-video", prompt: "p", videoUrl: "https://x/v.mp4", aspectRatio: "auto", duration: 7 });
  // @ts-expect-error lite-001 spells its resolutions in capitals
  await generateVideo({ model: "veo-3.1-lite-generate-001", prompt: "p", resolution: "720p" });
  // @ts-expect-error lite-001 has no provider
  await generateVideo({ model: "veo-3.1-lite-generate-001", prompt: "p", provider: "fal" });
  await generateVideo({ model: "veo-3.1-lite-generate-001", prompt: "p", resolution: "720P", personGeneration: "dont_allow" });
  await generateVideo({ model: "google/veo-3-1-lite-generate-preview", prompt: "p" });
  // @ts-expect-error the default model, image to video, needs its image
  await generateVideo({ prompt: "p" });
  // Outside the family, every field passes, as does a model known only at run time.
  await generateVideo({ model: "acme/video-9", prompt: "p", duration: 5, resolution: "4k" });
  await generateVideo({ model: someModel, prompt: "p", imageUrl: image });
  await createGeneration({ model: "google/veo-3.1-i2v-fast", prompt: "p", imageUrl: image });
  const options: GenerateVideoOptions<"google/veo-3.1-t2v-fast"> = { model: "google/veo-3.1-t2v-fast", prompt: "p" };
  const model: VeoModel = options.model;
  void model;
}

// Options as real code writes them: typed with the bare name (the union of every model's options),
// stored, passed on, spread into a helper, returned, listed; a model chosen at run time.
const withKey = (o: GenerateVideoOptions) => generateVideo({ ...o, apiKey: "k" });
const submitWithKey = (o: GenerateVideoOptions) => createGeneration({ ...o, apiKey: "k", timeoutMs: 1000 });

function choose(text: boolean, image: ImageInput): GenerateVideoOptions {
  return text ? { model: "google/veo-3.1-t2v", prompt: "p", seed: 1 } : { prompt: "p", imageUrl: image };
}

export async function patterns(image: ImageInput, someModel: string, fast: boolean, given: GenerateVideoOptions): Promise<void> {
  await generateVideo(given);
  await createGeneration(given);
  await withKey(given);
  await submitWithKey(given);
  const i2v: GenerateVideoOptions = { prompt: "p", imageUrl: image, duration: 8 };
  const t2v: GenerateVideoOptions = { model: "google/veo-3.1-t2v", prompt: "p", seed: 7, negativePrompt: "x" };
  const extend: GenerateVideoOptions = { model: "google/veo3-1-extend-video", prompt: "p", videoUrl: "https://x/v.mp4" };
  const lite: GenerateVideoOptions = { model: "veo-3.1-lite-generate-001", prompt: "p", resolution: "1080P" };
  const other: GenerateVideoOptions = { model: "acme/video-9", prompt: "p", duration: 5, resolution: "4k" };
  const runtime: GenerateVideoOptions = { model: someModel, prompt: "p", imageUrl: image };
  for (const o of [i2v, t2v, extend, lite, other, runtime]) await generateVideo(o);
  await generateVideo(t2v);
  await withKey(t2v);
  let later: GenerateVideoOptions;
  later = fast ? t2v : i2v;
  await generateVideo(later);
  await generateVideo({ ...later, signal: undefined });
  const batch: GenerateVideoOptions[] = [i2v, { model: "google/veo-3.1-i2v-fast", prompt: "p", imageUrl: image }];
  await Promise.all(batch.map((o) => createGeneration(o)));
  await generateVideo(choose(fast, image));
  // A model from a union: the options must suit each.
  const textModel = fast ? "google/veo-3.1-t2v-fast" : "google/veo-3.1-t2v";
  await generateVideo({ model: textModel, prompt: "p", seed: 3 });
  const frames: "google/veo-3.1-first-last-image-to-video" | "google/veo-3-1-lite-generate-preview" = fast
    ? "google/veo-3-1-lite-generate-preview"
    : "google/veo-3.1-first-last-image-to-video";
  await generateVideo({ model: frames, prompt: "p", imageUrl: image, lastImageUrl: image });
  // @ts-expect-error first and last frame needs both frames, so the union of the two does
  await generateVideo({ model: frames, prompt: "p" });
  // @ts-expect-error text to video takes no image, nor then does a union of text models
  await generateVideo({ model: textModel, prompt: "p", imageUrl: image });
  // The parameterised name holds a stored value to its model, or to each of a union of models;
  // `VeoModel`, a model known only at run time, to the family's fields and values (types-values.ts).
  const t2vFast: GenerateVideoOptions<"google/veo-3.1-t2v-fast"> = { model: "google/veo-3.1-t2v-fast", prompt: "p", enhancePrompt: false };
  const veo: GenerateVideoOptions<VeoModel> = { model: "google/veo-3.1-reference-to-video", prompt: "p", imageUrls: [image] };
  await generateVideo(t2vFast);
  await withKey(veo);
  // @ts-expect-error text to video takes no image
  const t2vImage: GenerateVideoOptions<"google/veo-3.1-t2v"> = { model: "google/veo-3.1-t2v", prompt: "p", imageUrl: image };
  // @ts-expect-error a family model with a wrong combination, held to its model
  const liteLower: GenerateVideoOptions<"veo-3.1-lite-generate-001" | "google/veo-3.1-t2v"> = { model: "veo-3.1-lite-generate-001", prompt: "p", resolution: "720p" };
  // @ts-expect-error first and last frame needs the last frame
  const noLast: GenerateVideoOptions<"google/veo-3.1-first-last-image-to-video" | "google/veo-3.1-t2v"> = { model: "google/veo-3.1-first-last-image-to-video", prompt: "p", imageUrl: image };
  // Without `model`, the bare name is the default's shape: it needs the image, and its values.
  // @ts-expect-error the default model needs its image
  const noImage: GenerateVideoOptions = { prompt: "p" };
  // @ts-expect-error the default model makes 4, 6 or 8 s
  const odd: GenerateVideoOptions = { prompt: "p", imageUrl: image, duration: 5 };
  // @ts-expect-error a boolean is no model's duration
  const notSeconds: GenerateVideoOptions = { model: "acme/video-9", prompt: "p", duration: true };
  // Inline, wherever the options come from, the model's shape holds.
  // @ts-expect-error text to video takes no image
  await withKey(t2v).then(() => generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", imageUrl: image }));
  // @ts-expect-error text to video takes no image, also after a spread
  await generateVideo({ ...t2vFast, model: "google/veo-3.1-t2v", imageUrl: image });
  // @ts-expect-error lite-001 spells its resolutions in capitals, also in createGeneration
  await createGeneration({ model: "veo-3.1-lite-generate-001", prompt: "p", resolution: "720p" });
  // @ts-expect-error the default model takes no seed
  await generateVideo({ prompt: "p", imageUrl: image, seed: 1 });
  void [t2vImage, liteLower, noLast, noImage, odd, notSeconds];
}
