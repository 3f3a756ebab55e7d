// The proxy's answers: every one is JSON that no browser will sniff, render or frame, whatever
// the API sent, with CORS headers for an allowed page.

export const PATH = "/v2/video/generations";
// The public price catalogue (see catalogue.js).
export const MODELS_PATH = "/v1/models";
// The usage logs, read only for a page's own job (see logs.js).
export const LOGS_PATH = "/v2/logs";

// What the API takes as X-Client-Request-Id; anything else it drops without a word.
export const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// The headers of the API's answer that the client reads, each with the form it must have to be
// passed on (anything else is dropped): seconds or an HTTP date, milliseconds, a request id, the
// generation id, the client's id echoed, the credits (an integer) and dollars (a decimal) spent.
export const PASSED = {
  "retry-after": /^(?:\d{1,10}|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/,
  "retry-after-ms": /^\d{1,12}$/,
  "x-request-id": /^[\x21-\x7e]{1,200}$/,
  "x-inference-id": /^[\x21-\x7e]{1,256}$/,
  "x-client-request-id": CLIENT_REQUEST_ID,
  "x-aimlapi-credits-used": /^\d{1,15}$/,
  "x-aimlapi-usd-spent": /^\d{1,12}(?:\.\d{1,12})?$/,
};
// An entity tag as RFC 9110 writes it (the catalogue's): passed on with the catalogue's answers.
export const ETAG = /^(?:W\/)?"[\x21\x23-\x7e]{0,200}"$/;
// What a page may read: the headers above, and the catalogue's ETag, which the client sends back
// in If-None-Match.
const EXPOSED = [...Object.keys(PASSED), "etag"].join(", ");

export const SAFE = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
  "cache-control": "no-store",
};

/** The CORS headers of an answer to `origin` (already allowed); none for a request without one. */
export function corsHeaders(origin) {
  if (origin === null) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED, vary: "Origin" };
}

/** An answer of `status` with the JSON text `body`, and `headers` (CORS, the API's passed ones). */
export function json(status, body, headers = {}) {
  return new Response(body, { status, headers: { ...headers, ...SAFE } });
}

/** An error in the API's own shape, so that the client reads its message as it reads the API's;
 * `path`, the route it answers for. */
export function refuse(status, message, headers = {}, path = PATH) {
  return json(status, JSON.stringify({ message, path, statusCode: status, timestamp: new Date().toISOString() }), headers);
}

/** A list of header names as a preflight asks for them, at most 1000 characters. */
const ASKED = /^[\w!#$%&'*+.^`|~-]+(?:[ \t]*,[ \t]*[\w!#$%&'*+.^`|~-]+)*$/;

/**
 * The answer to a CORS preflight. The client's own headers are allowed (X-Client-Request-Id on a
 * submit and a logs lookup, If-None-Match on a catalogue read), and so are those a page asks to send (the client's
 * `headers` option: a session token for `authorize`, say), of which the proxy forwards none.
 */
export function preflight(cors, asked) {
  const extra = asked && asked.length <= 1000 && ASKED.test(asked) ? `, ${asked}` : "";
  return new Response(null, {
    status: 204,
    headers: { ...cors, ...SAFE, "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": `authorization, content-type, accept, x-client-request-id, if-none-match${extra}`, "access-control-max-age": "600" },
  });
}

/** `response` (the app's own, from authorize) with `headers` added: a Response's own may be immutable. */
export function withHeaders(response, headers) {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  out.headers.set("x-content-type-options", "nosniff");
  return out;
}
