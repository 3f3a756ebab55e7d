// createProxy's options, checked when the server starts (not on a user's first request), with
// their defaults.
import { FAMILY } from "../family.js";
import { LOGS_PATH, MODELS_PATH, PATH } from "./answer.js";
import { PIECE } from "./scrub.js";

/** The Veo 3.1 family on AI/ML API: js/family.js, generated from the one table (spec/family.mjs in
 * the repository), which a test holds to the vendor's OpenAPI files (spec/api). */
export const VEO_31_MODELS = Object.freeze(Object.keys(FAMILY));

// A 10 MB image as a data URL is 13.4 MB of base64; the rest of a body is a few hundred bytes.
const MAX_BODY = 16 * 1024 * 1024;
// A submit answers in well under a second, a status read too; a minute covers a slow upload of
// a 16 MiB body from the server to the API.
const UPSTREAM_TIMEOUT = 60_000;
// Prices change rarely; a minute bounds both the API's load from the proxy and how stale a quote is.
const CATALOGUE_MAX_AGE = 60_000;
// Half of the 200 reads a minute the API allows the logs route per key, as the package keeps to
// for a page: the owner's other reads of the logs have the rest.
const LOGS_READS = 100;
// A host name, an IPv4 address or a bracketed IPv6 one, and a port (RFC 3986's host, without
// user info): what a Host header or a configured origin may name.
export const HOST = /^(?:[a-z0-9._~!$&'()*+,;=%-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const fail = (what) => {
  throw new TypeError(`createProxy: ${what}`);
};

/** The settings of a proxy from `options`; throws a TypeError naming the first wrong one. */
export function settings(options = {}) {
  const { apiKey, upstream = "https://api.aimlapi.com", origin, allowedOrigins, authorize, allowedModels = VEO_31_MODELS } = options;
  const { maxBodyBytes = MAX_BODY, upstreamTimeoutMs = UPSTREAM_TIMEOUT, catalogueMaxAgeMs = CATALOGUE_MAX_AGE } = options;
  const { scopeClientRequestId, logsReadsPerMinute = LOGS_READS } = options;
  // Printable ASCII without quotes or backslashes reads the same inside a JSON string, so that the
  // scrub finds it there; shorter than a piece, it could not be scrubbed at all.
  if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey) || /["\\]/.test(apiKey) || apiKey.length < PIECE) {
    fail(`apiKey must be your AI/ML API key (at least ${PIECE} printable ASCII characters, no spaces or quotes)`);
  }
  let base;
  try {
    base = new URL(upstream);
  } catch {}
  if (!base || !/^https?:$/.test(base.protocol) || base.search || base.hash) fail("upstream must be an http(s) URL with no query or fragment");
  if (origin !== undefined && !(typeof origin === "string" && /^https?:\/\/[^/]+$/.test(origin) && HOST.test(origin.replace(/^https?:\/\//, "")))) {
    fail('origin must be the proxy\'s own origin, like "https://api.app.example" (no path)');
  }
  if (allowedOrigins !== undefined && !(Array.isArray(allowedOrigins) && allowedOrigins.every((o) => typeof o === "string"))) {
    fail('allowedOrigins must be a list of origins, like ["https://app.example"]');
  }
  if (authorize !== undefined && typeof authorize !== "function") fail("authorize must be a function of the request");
  if (scopeClientRequestId !== undefined && typeof scopeClientRequestId !== "function") fail("scopeClientRequestId must be a function of the request");
  if (!(Number.isSafeInteger(logsReadsPerMinute) && logsReadsPerMinute >= 0 && logsReadsPerMinute <= 200)) {
    fail("logsReadsPerMinute must be a whole number from 0 (no lookups) to 200 (the API's limit)");
  }
  if (!Array.isArray(allowedModels)) fail("allowedModels must be a list of model ids");
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) fail("maxBodyBytes must be a positive whole number");
  if (!(Number.isSafeInteger(upstreamTimeoutMs) && upstreamTimeoutMs > 0)) fail("upstreamTimeoutMs must be a positive whole number of milliseconds");
  if (!(Number.isSafeInteger(catalogueMaxAgeMs) && catalogueMaxAgeMs >= 0)) fail("catalogueMaxAgeMs must be a whole number of milliseconds, 0 or more");
  return {
    apiKey,
    target: trimSlashes(base.href) + PATH,
    catalogue: trimSlashes(base.href) + MODELS_PATH,
    catalogueMaxAgeMs,
    logs: trimSlashes(base.href) + LOGS_PATH,
    logsReadsPerMinute,
    scopeClientRequestId,
    origin: origin?.toLowerCase(),
    allowedOrigins,
    authorize,
    models: new Set(allowedModels),
    maxBodyBytes,
    upstreamTimeoutMs,
  };
}

/** `s` without its trailing slashes, in linear time (`/\/+$/` is quadratic on many slashes that do
 * not end the string). */
export function trimSlashes(s) {
  let end = s.length;
  while (end > 0 && s[end - 1] === "/") end--;
  return s.slice(0, end);
}
