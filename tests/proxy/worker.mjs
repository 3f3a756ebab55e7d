// The test proxy as a Cloudflare Worker (run by workerd; the test writes its config): the Fetch
// handler as it is, its settings from the Worker's bindings.
import { appFor } from "./apps.mjs";

let handler;
export default {
  fetch(request, env) {
    handler ??= appFor(env);
    return handler(request);
  },
};
