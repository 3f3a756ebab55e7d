// A Cloudflare Worker (`wrangler secret put AIMLAPI_API_KEY`); the page calls
// generateVideo({ baseUrl: "https://video-proxy.example.workers.dev", prompt, imageUrl })
import { createProxy, type ProxyHandler } from "aimlapi-video/proxy";

interface Env {
  AIMLAPI_API_KEY: string;
}

let proxy: ProxyHandler | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    proxy ??= createProxy({ apiKey: env.AIMLAPI_API_KEY, allowedOrigins: ["https://app.example"] });
    return proxy(request);
  },
};
