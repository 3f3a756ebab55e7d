// The proxy as the hostile suite serves it, the same under every runtime: at the root, one proxy
// with the default settings (its own origin only) in front of the fake API's `ok` mode; under
// `/m/<mode>/<tag>/`, one in front of `<mode>`, recorded under `<tag>`; at `/__cases`, the Fetch
// cases run in this runtime, as JSON. `env.UP` is the fake API (upstream.mjs).
import { proxyFor } from "./proxies.mjs";
import { runCases } from "./cases.mjs";

export function hostileApp(env) {
  const root = proxyFor(env.UP, "ok", "root");
  const proxies = new Map();
  return async (request) => {
    // The path without new URL(), which throws on some of the suite's URLs (a Host of "a b").
    const pathname = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(request.url)?.[1] ?? "";
    if (pathname === "/__cases") return new Response(JSON.stringify(await runCases(env.UP)), { headers: { "content-type": "application/json" } });
    const m = /^\/m\/([\w-]+)\/([\w-]+)\//.exec(pathname);
    if (!m) return root(request);
    const name = `${m[1]}/${m[2]}`;
    if (!proxies.has(name)) proxies.set(name, proxyFor(env.UP, m[1], m[2]));
    return proxies.get(name)(request);
  };
}
