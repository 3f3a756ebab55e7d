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
