// The API key and where the calls go: the key only from AIMLAPI_API_KEY (a blank one is no key),
// the base URL from --base-url or AIMLAPI_BASE_URL, and whether that base URL needs the key.

import { DEFAULT_BASE_URL as VENDOR_API } from "../js/family.js";

/** The key of an environment: its AIMLAPI_API_KEY without surrounding blanks; undefined when that leaves nothing. */
export function apiKeyOf(env) {
  const raw = env.AIMLAPI_API_KEY;
  return typeof raw === "string" && raw.trim() ? raw.trim() : undefined;
}

/** The strings a key may appear as in output (the trimmed key, and the variable as set): never blank. */
export function secretsOf(env) {
  const key = apiKeyOf(env);
  return key ? [...new Set([key, env.AIMLAPI_API_KEY])] : [];
}

/** The base URL of a run: --base-url, else AIMLAPI_BASE_URL (blank is unset), else undefined (the vendor's). */
export function baseUrlOf(flag, env) {
  if (flag !== undefined) return flag;
  return env.AIMLAPI_BASE_URL?.trim() || undefined;
}

/**
 * Whether calls to `baseUrl` need the key: those to the vendor's API do (no base URL, or its
 * host); a simulator or a proxy (which adds the key itself) does not. A base URL that is not a URL
 * is the package's to refuse.
 */
export function needsKey(baseUrl) {
  if (baseUrl === undefined) return true;
  try {
    return new URL(baseUrl).hostname.toLowerCase() === new URL(VENDOR_API).hostname;
  } catch {
    return false;
  }
}
