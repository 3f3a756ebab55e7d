// Compiled (not run) by the consumer matrix: the values each model allows have exported types
// (`Seconds`, `Resolution`, `AspectRatio`...), a value read from a form is narrowed to them by
// `allows`, and a model held in a variable, typed `VeoModel`, takes the family's options. The
// first part, from the import to the end of `generate`, is the README's snippet as it is there.
import { allows, generateVideo, MODEL_VALUES, type VeoModel } from "aimlapi-video";

// MODEL_VALUES[model].duration fills the <select>; `allows` narrows Number() of its value.
export async function generate(model: VeoModel, prompt: string, selected: string) {
  const duration = Number(selected);
  if (!allows(model, "duration", duration)) throw new Error(`${model} makes ${MODEL_VALUES[model].duration.join(", ")} s`);
  return generateVideo({ model, prompt, duration });
}
// (end of the README's snippet)

import { createGeneration } from "aimlapi-video";
import type { AspectRatio, GenerateVideoOptions, ImageInput, PersonGeneration, Resolution, Seconds, ValueOf } from "aimlapi-video";

declare function pick(): VeoModel;

export function types(): void {
  // Each model's own values, and any model's by default.
  const t2vSeconds: Seconds<"google/veo-3.1-t2v">[] = [4, 6, 8];
  const refSeconds: Seconds<"google/veo-3.1-reference-to-video"> = 8;
  const extendShape: AspectRatio<"google/veo3-1-extend-video"> = "auto";
  const liteSize: Resolution<"veo-3.1-lite-generate-001"> = "1080P";
  const people: PersonGeneration<"veo-3.1-lite-generate-001"> = "allow_adult";
  const anySeconds: Seconds = 7;
  const either: Seconds<"google/veo-3.1-reference-to-video" | "google/veo3-1-extend-video">[] = [7, 8];
  const viaField: ValueOf<"google/veo-3.1-i2v", "resolution"> = "720p";
  // @ts-expect-error text to video makes 4, 6 or 8 s
  const five: Seconds<"google/veo-3.1-t2v"> = 5;
  // @ts-expect-error reference images make 8 s only
  const refFour: Seconds<"google/veo-3.1-reference-to-video"> = 4;
  // @ts-expect-error lite-001 spells its resolutions in capitals
  const liteLower: Resolution<"veo-3.1-lite-generate-001"> = "720p";
  // @ts-expect-error reference images have no aspect ratio to choose
  const refShape: AspectRatio<"google/veo-3.1-reference-to-video"> = "16:9";
  // @ts-expect-error no model of the family makes 5 s
  const anyFive: Seconds = 5;
  // @ts-expect-error a seed has no list of values
  type NoSeed = ValueOf<"google/veo-3.1-t2v", "seed">;
  // @ts-expect-error a model outside the family has no list
  type NoOther = Seconds<"acme/video-9">;
  void [t2vSeconds, refSeconds, extendShape, liteSize, people, anySeconds, either, viaField, five, refFour, liteLower, refShape, anyFive];
}

// A number is no duration until it is narrowed, for a model written out as for one held in a variable.
export async function narrowing(image: ImageInput, n: number, text: string): Promise<void> {
  // @ts-expect-error text to video makes 4, 6 or 8 s, not 5
  await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", duration: 5 });
  // @ts-expect-error 5 s, also in createGeneration
  await createGeneration({ model: "google/veo-3.1-t2v", prompt: "p", duration: 5 });
  // @ts-expect-error a number read from a select is not yet one of the model's durations
  await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", duration: n });
  // @ts-expect-error nor is a string one of its resolutions
  await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", resolution: text });
  // @ts-expect-error nor for the default model
  await generateVideo({ prompt: "p", imageUrl: image, duration: n });
  if (allows("google/veo-3.1-t2v", "duration", n)) {
    await generateVideo({ model: "google/veo-3.1-t2v", prompt: "p", duration: n });
    // @ts-expect-error narrowed to text to video's durations, which reference images do not all make
    await generateVideo({ model: "google/veo-3.1-reference-to-video", prompt: "p", imageUrls: [image], duration: n });
  }
  if (allows("veo-3.1-lite-generate-001", "resolution", text)) {
    await generateVideo({ model: "veo-3.1-lite-generate-001", prompt: "p", resolution: text });
  }
  // @ts-expect-error a seed has no list of values to check against
  allows("google/veo-3.1-t2v", "seed", n);
  // @ts-expect-error a model outside the family has no list
  allows("acme/video-9", "duration", n);
  // The lists themselves: each model's, typed by its values; empty where it takes no such field.
  const t2vList: readonly Seconds<"google/veo-3.1-t2v">[] = MODEL_VALUES["google/veo-3.1-t2v"].duration;
  const none: readonly never[] = MODEL_VALUES["google/veo-3.1-reference-to-video"].aspectRatio;
  // @ts-expect-error the lists are read-only
  MODEL_VALUES["google/veo-3.1-t2v"].duration.push(5);
  void [t2vList, none];
}

// A model held in a variable, as a form holds it: typed `VeoModel`, its options are the family's
// fields and values, which the call holds to the model at run time; stored, spread, passed to helpers.
const withKey = (o: GenerateVideoOptions<VeoModel>) => generateVideo({ ...o, apiKey: "k" });

export async function variable(image: ImageInput, n: number, selected: string): Promise<void> {
  const model: VeoModel = pick();
  const o: GenerateVideoOptions<typeof model> = { model, prompt: "p", imageUrl: image };
  const direct: GenerateVideoOptions<VeoModel> = { model, prompt: "p", duration: 8, resolution: "720p" };
  const byDefault: GenerateVideoOptions<VeoModel> = { prompt: "p", imageUrl: image };
  await generateVideo(o);
  await createGeneration(direct);
  await generateVideo(byDefault);
  await generateVideo({ ...o, duration: 6 });
  await withKey(o);
  await withKey({ model, prompt: "p", videoUrl: "https://x/v.mp4", aspectRatio: "auto" });
  await generateVideo({ model, prompt: "p", imageUrl: image, aspectRatio: "9:16", seed: 1 });
  const seconds = Number(selected);
  if (allows(model, "duration", seconds)) {
    await generateVideo({ ...o, duration: seconds });
    const later: Seconds<typeof model> = seconds;
    void later;
  }
  const options: string[] = MODEL_VALUES[model].duration.map((s) => `<option>${s}</option>`);
  void options;
  await generate(model, "p", selected);
  // @ts-expect-error no model of the family makes 5 s
  const five: GenerateVideoOptions<typeof model> = { model, prompt: "p", duration: 5 };
  // @ts-expect-error a number from a select is not yet a duration
  const raw: GenerateVideoOptions<VeoModel> = { model, prompt: "p", duration: n };
  // @ts-expect-error without a model, the default's options: it needs its image
  const noImage: GenerateVideoOptions<VeoModel> = { prompt: "p" };
  // @ts-expect-error nor inline
  await generateVideo({ model, prompt: "p", duration: n });
  // @ts-expect-error nor spread
  await generateVideo({ ...o, duration: n });
  // @ts-expect-error nor through a helper
  await withKey({ model, prompt: "p", resolution: selected });
  // @ts-expect-error no model of the family takes this field
  await generateVideo({ model, prompt: "p", style: "noir" });
  void [five, raw, noImage];
}
