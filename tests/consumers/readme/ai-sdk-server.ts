// app/api/video/route.ts, on the server: the key from AIMLAPI_API_KEY, the job in the route
import { experimental_generateVideo as generateVideo } from "ai";
import { aimlapi } from "aimlapi-video/ai-sdk";

export async function POST(request: Request): Promise<Response> {
  const { prompt, imageUrl } = await request.json();
  const { video, providerMetadata } = await generateVideo({
    model: aimlapi.video("google/veo-3.1-i2v-fast"),
    prompt: { image: imageUrl, text: prompt },
    abortSignal: request.signal,
  });
  return new Response(video.uint8Array.slice(), { headers: { "content-type": video.mediaType, "x-generation-id": String(providerMetadata.aimlapi?.generationId) } });
}
