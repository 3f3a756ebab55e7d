// Compiled with the DOM lib or @types/node (tests/consumers/types-usage.ts has the rest): a real
// AbortSignal is accepted as `signal`, and a real Blob as an image.
import { generateVideo } from "aimlapi-video";

export const run = (): Promise<string> =>
  generateVideo({ prompt: "p", imageUrl: "https://x/y.png", signal: new AbortController().signal }).then((r) => r.videoUrl);

export const fromFile = (bytes: ArrayBuffer): Promise<string> =>
  generateVideo({ prompt: "p", imageUrl: new Blob([bytes], { type: "image/png" }) }).then((r) => r.videoUrl);
