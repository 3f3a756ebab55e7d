// The proxy as a Cloudflare Worker, for bench/proxy.mjs (run by workerd with bench/proxy.capnp):
// createProxy as it is, its settings from the Worker's bindings.
import { createProxy } from "../dist/proxy.js";

let handler;
export default {
  fetch(request, env) {
    handler ??= createProxy({ apiKey: env.KEY, upstream: env.UPSTREAM });
    return handler(request);
  },
};
