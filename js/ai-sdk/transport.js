// One call's way to the API: the connection options of the package, and a fetch that remembers the
// last answer's URL and headers, which the SDK's errors and results carry (cleaned of the key).
import { trimSlashes } from "../proxy/options.js";
import { scrubber } from "../proxy/scrub.js";

import { DEFAULT_BASE_URL } from "../family.js";

/** Headers are text for people: they lose pieces of the key as the module's messages do (src/secret.rs, TEXT). */
const TEXT_PIECE = 5;

/**
 * The SDK's headers the API is not sent: it has no idempotency keys (a second submit is a second
 * job, whatever the key), and from a page each of these would need a CORS preflight it may refuse.
 */
const NOT_SENT = new Set(["idempotency-key", "user-agent"]);

/** The package's `apiKey`, `baseUrl`, `headers` and `fetch` for one call, and what it saw. */
export function transport(settings, apiKey, callHeaders) {
  // Merged as Headers do it: names in any case, the call's winning over the provider's.
  const merged = new Headers(defined(settings.headers));
  for (const [name, value] of new Headers(defined(callHeaders))) merged.set(name, value);
  for (const name of NOT_SENT) merged.delete(name);
  const headers = Object.fromEntries(merged);
  const clean = apiKey ? scrubber(apiKey, TEXT_PIECE).text : (s) => s;
  let last = null;
  return {
    options: {
      apiKey,
      baseUrl: settings.baseURL,
      headers,
      async fetch(url, init) {
        const response = await (settings.fetch ?? globalThis.fetch)(url, init);
        last = { url, response };
        return response;
      },
    },
    /** The last answer's URL, or where the calls go. */
    url: () => clean(last?.url ?? `${trimSlashes(String(settings.baseURL ?? DEFAULT_BASE_URL).trim())}/v2/video/generations`),
    /** The last answer's headers, as a record; none when they cannot be read (a fetch of the caller's). */
    headers() {
      try {
        const out = {};
        last.response.headers.forEach((value, name) => (out[name] = clean(String(value))));
        return out;
      } catch {
        return undefined;
      }
    },
    clean,
  };
}

/** A record of headers without its `undefined` values, or a `Headers` as it is. */
function defined(h) {
  if (h === undefined || h instanceof Headers) return h;
  return Object.entries(h).filter(([, v]) => v !== undefined);
}
