// app/video.ts, in the page: the AI SDK through the proxy route above, which holds the key
import { experimental_generateVideo as generateVideo } from "ai";
import { createAimlapi } from "aimlapi-video/ai-sdk";

const aimlapi = createAimlapi({ baseURL: new URL("/api/aimlapi", location.href).href });

export async function makeVideo(image: File, text: string): Promise<string> {
  const { video } = await generateVideo({
    model: aimlapi.video("google/veo-3.1-i2v"),
    prompt: { image: new Uint8Array(await image.arrayBuffer()), text },
    resolution: "1280x720",
    duration: 8,
  });
  // slice(): a copy in an ArrayBuffer of its own, which Blob takes
  return URL.createObjectURL(new Blob([video.uint8Array.slice()], { type: video.mediaType }));
}
