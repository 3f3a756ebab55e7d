// A Cloudflare Worker behind Cloudflare Access, with a daily quota of submits per user. The count
// lives in a Durable Object, one per user: every machine the Worker runs on reaches the same one,
// so the quota holds however many copies of the Worker serve at once.
import { DurableObject } from "cloudflare:workers";
import { createProxy } from "aimlapi-video/proxy";

const SUBMITS_PER_DAY = 20; // or the SUBMITS_PER_DAY variable
const PATH = "/v2/video/generations";

export class Quota extends DurableObject {
  // One user's submits today. The object runs one call at a time and holds the next one while
  // this one awaits its storage, so two submits at once cannot both read the same count.
  async take(limit) {
    const day = new Date().toISOString().slice(0, 10);
    const saved = await this.ctx.storage.get("today");
    const count = saved?.day === day ? saved.count : 0;
    if (count >= limit) return false;
    await this.ctx.storage.put("today", { day, count: count + 1 });
    return true;
  }
}

async function authorize(request, env) {
  // Cloudflare Access sets this header and drops any a client sends: it cannot be forged here.
  const user = request.headers.get("cf-access-authenticated-user-email");
  if (!user) return false;
  // Only a submit spends credits; status reads are free (preflights never reach authorize).
  if (request.method !== "POST") return true;
  if (await env.QUOTA.getByName(user).take(Number(env.SUBMITS_PER_DAY ?? SUBMITS_PER_DAY))) return true;
  // An error in the API's own shape: the client reads it as the API's 429 (code "rate_limited").
  const now = new Date();
  const retryAfter = Math.ceil((new Date(now).setUTCHours(24, 0, 0, 0) - now) / 1000);
  const message = "Your daily quota of video generations is used up; it renews at midnight UTC.";
  return Response.json(
    { message, path: PATH, statusCode: 429, timestamp: now.toISOString() },
    { status: 429, headers: { "retry-after": String(retryAfter) } },
  );
}

let proxy;

export default {
  fetch(request, env) {
    proxy ??= createProxy({
      apiKey: env.AIMLAPI_API_KEY,
      upstream: env.AIMLAPI_UPSTREAM || undefined, // unset: the API itself (the tests set a simulator)
      allowedOrigins: ["https://app.example"],
      authorize: (request) => authorize(request, env),
    });
    return proxy(request);
  },
};
