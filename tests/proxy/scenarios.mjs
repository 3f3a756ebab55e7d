// The proxy as the tests run it, the same in every runtime: one createProxy per scenario, chosen by
// the path the client's baseUrl mounts it at, `/s/<tag>/<faults>` (then /v2/video/generations):
// the simulator behind it records the tag and plays the faults. The app's authorize check refuses
// any tag that starts with "denied"; a tag that starts with "short" keeps the catalogue 300 ms; a
// tag that starts with "scoped" scopes client ids to the page's X-User header (a session, in an
// app). `env`: SIM (the simulator), KEY (the server's key), ORIGINS
// (the allowed page origins, comma-separated).
import { createProxy } from "../../dist/proxy.js";

export function scenarios(env) {
  const proxies = new Map();
  const make = (upstream, tag = "") =>
    createProxy({
      apiKey: env.KEY,
      upstream,
      ...(tag.startsWith("short") ? { catalogueMaxAgeMs: 300 } : {}),
      ...(tag.startsWith("scoped") ? { scopeClientRequestId: (request) => request.headers.get("x-user") ?? "" } : {}),
      allowedOrigins: env.ORIGINS.split(","),
      authorize: (request) => !new URL(request.url).pathname.startsWith("/s/denied"),
    });
  const plain = make(env.SIM);
  return (request) => {
    const m = /^\/s\/([^/]+)\/([^/]*)\//.exec(new URL(request.url).pathname);
    if (!m) return plain(request);
    const upstream = `${env.SIM}/t/${m[1]}${m[2] ? `/f/${m[2]}` : ""}`;
    if (!proxies.has(upstream)) proxies.set(upstream, make(upstream, m[1]));
    return proxies.get(upstream)(request);
  };
}
