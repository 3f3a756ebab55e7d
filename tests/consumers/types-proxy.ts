// Compiled (not run) by the consumer matrix against the packed package, with the README's proxy
// snippets (tests/proxy/readme/): the proxy's types accept real usage and reject mistakes.
import { createProxy, toNodeHandler, VEO_31_MODELS } from "aimlapi-video/proxy";
import type { ProxyHandler, ProxyOptions } from "aimlapi-video/proxy";

const options: ProxyOptions = {
  apiKey: "sk-server-key",
  upstream: "https://api.aimlapi.com",
  allowedOrigins: ["https://app.example"],
  authorize: async (request) => request.headers.has("cookie"),
  allowedModels: [...VEO_31_MODELS, "google/veo-3.1-i2v"],
  maxBodyBytes: 1 << 20,
  origin: "https://api.app.example",
  upstreamTimeoutMs: 30_000,
};
// authorize may answer with a Response of its own (a quota's 429).
export const quota: ProxyOptions = {
  apiKey: "sk-server-key",
  authorize: (request) => (request.method === "GET" ? true : new Response(null, { status: 429, headers: { "retry-after": "60" } })),
};
// Undefined is as good as unset, under exactOptionalPropertyTypes too.
export const unset: ProxyOptions = { apiKey: "k", upstream: undefined, authorize: undefined, origin: undefined, upstreamTimeoutMs: undefined };
const handler: ProxyHandler = createProxy(options);
export const onNode: (req: any, res: any) => void = toNodeHandler(handler);
export const answer: Promise<Response> = handler(new Request("https://app.example/v2/video/generations"));

// @ts-expect-error the key is required
createProxy({});
// @ts-expect-error allowed origins are a list
createProxy({ apiKey: "k", allowedOrigins: "https://app.example" });
// @ts-expect-error authorize answers true, false or a Response
createProxy({ apiKey: "k", authorize: () => "yes" });
// @ts-expect-error the model list is read-only
VEO_31_MODELS.push("x");
