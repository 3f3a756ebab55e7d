// The proxies of the hostile suite: the server keys (one of letters and digits; one whose digits
// alone make pieces of 8, for a number in an answer that spells the key; one of the letters that
// other characters fold into) and small limits, so that they are reached quickly.
import { createProxy } from "../../../dist/proxy.js";

export const KEY = "sk-server-Hq82LmZ0vTx51Wc";
export const DIGIT_KEY = "sk-4242424242424242";
export const FOLD_KEY = "sk-kiss-skiff-kiss-skiff";
export const PATH = "/v2/video/generations";
/** A submit the proxies forward. */
export const BODY = JSON.stringify({ model: "google/veo-3.1-i2v", prompt: "a cat", image_url: "https://example.com/c.png" });
export const LIMITS = { maxBodyBytes: 64 * 1024, upstreamTimeoutMs: 1000 };

/** A proxy with the default origin rule in front of the fake API's `mode`, its requests logged under `tag`. */
export function proxyFor(up, mode, tag) {
  const apiKey = { numbers: DIGIT_KEY, fold: FOLD_KEY }[mode] ?? KEY;
  return createProxy({ apiKey, upstream: `${up}/u/${mode}/${tag}`, ...LIMITS });
}
