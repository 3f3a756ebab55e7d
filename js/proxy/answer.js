// The proxy's answers: every one is JSON that no browser will sniff, render or frame, whatever
// the API sent, with CORS headers for an allowed page.

export const PATH = "/v2/video/generations";

// The headers of the API's answer that the client reads, each with the form it must have to be
// passed on (anything else is dropped): seconds or an HTTP date, milliseconds, a request id.
export const PASSED = {
  "retry-after": /^(?:\d{1,10}|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/,
  "retry-after-ms": /^\d{1,12}$/,
  "x-request-id": /^[\x21-\x7e]{1,200}$/,
};

const SAFE = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
  "cache-control": "no-store",
};

/** The CORS headers of an answer to `origin` (already allowed); none for a request without one. */
export function corsHeaders(origin) {
  if (origin === null) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": Object.keys(PASSED).join(", "), vary: "Origin" };
}

/** An answer of `status` with the JSON text `body`, and `headers` (CORS, the API's passed ones). */
export function json(status, body, headers = {}) {
  return new Response(body, { status, headers: { ...headers, ...SAFE } });
}

/** An error in the API's own shape, so that the client reads its message as it reads the API's. */
export function refuse(status, message, headers = {}) {
  return json(status, JSON.stringify({ message, path: PATH, statusCode: status, timestamp: new Date().toISOString() }), headers);
}

/** A list of header names as a preflight asks for them, at most 1000 characters. */
const ASKED = /^[\w!#$%&'*+.^`|~-]+(?:[ \t]*,[ \t]*[\w!#$%&'*+.^`|~-]+)*$/;

/**
 * The answer to a CORS preflight. The headers a page asks to send are allowed (the client's
 * `headers` option: a session token for `authorize`, say); the proxy forwards none of them.
 */
export function preflight(cors, asked) {
  const extra = asked && asked.length <= 1000 && ASKED.test(asked) ? `, ${asked}` : "";
  return new Response(null, {
    status: 204,
    headers: { ...cors, ...SAFE, "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": `authorization, content-type, accept${extra}`, "access-control-max-age": "600" },
  });
}

/** `response` (the app's own, from authorize) with `headers` added: a Response's own may be immutable. */
export function withHeaders(response, headers) {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  out.headers.set("x-content-type-options", "nosniff");
  return out;
}
