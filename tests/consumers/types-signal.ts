// Compiled with the DOM lib or @types/node (tests/consumers/types-usage.ts has the rest): a real
// AbortSignal is accepted as `signal`.
import { generateVideo } from "aimlapi-video";

export const run = (): Promise<string> =>
  generateVideo({ prompt: "p", imageUrl: "https://x/y.png", signal: new AbortController().signal }).then((r) => r.videoUrl);
