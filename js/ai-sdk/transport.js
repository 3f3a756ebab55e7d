// One call's way to the API: the connection options of the package, and a fetch that remembers the
// last answer's URL and headers, which the SDK's errors and results carry (cleaned of the key).
import { scrubber } from "../proxy/scrub.js";

export const DEFAULT_BASE_URL = "https://api.aimlapi.com";

/** `s` without its trailing slashes, in linear time. */
export function trimSlashes(s) {
  let end = s.length;
  while (end > 0 && s[end - 1] === "/") end--;
  return s.slice(0, end);
}

/**
 * The SDK's headers the API is not sent: it has no idempotency keys (a second submit is a second
 * job, whatever the key), and from a page each of these would need a CORS preflight it may refuse.
 */
const NOT_SENT = new Set(["idempotency-key", "user-agent"]);

/** The package's `apiKey`, `baseUrl`, `headers` and `fetch` for one call, and what it saw. */
export function transport(settings, apiKey, callHeaders) {
  const headers = {};
  for (const [name, value] of Object.entries({ ...settings.headers, ...callHeaders })) {
    if (value !== undefined && !NOT_SENT.has(name.toLowerCase())) headers[name] = value;
  }
  const clean = apiKey ? scrubber(apiKey).text : (s) => s;
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
    /** The last answer's headers, as a record. */
    headers() {
      if (!last) return undefined;
      const out = {};
      last.response.headers.forEach?.((value, name) => (out[name] = clean(value)));
      return out;
    },
    clean,
  };
}
