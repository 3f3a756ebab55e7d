// The one way the package's JavaScript makes an error: like the module's (src/wasm/js_error.rs), a
// real Error with a name, a code and whether a retry may help (see AimlApiError).

/** An Error like every other rejection of the package: with a code (see AimlApiError). */
export function coded(code, message, cause) {
  const e = new Error(message, { cause });
  e.name = code === "aborted" ? "AbortError" : "AimlApiError";
  e.code = code;
  // A failed load is tried again by the next call; a deadline may be tried again as well.
  e.retryable = code === "network_error" || code === "timeout";
  return e;
}
