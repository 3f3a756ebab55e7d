// aimlapi-video/proxy: the server half of the package. A standard Fetch handler that a front end
// points `baseUrl` at, so that the API key stays on the server: it forwards only the two calls of
// a video generation, adds the key, and passes the API's answer back as it came, so that the
// client's error codes, retries and Retry-After handling work through it as against the API.
// Dependency-free, for every runtime with fetch: Node (through toNodeHandler), Bun, Deno,
// Cloudflare Workers, Next.js route handlers.

const PATH = "/v2/video/generations";

/** The Veo 3.1 family on AI/ML API, as its OpenAPI files name the models (spec/api in the repository). */
export const VEO_31_MODELS = Object.freeze([
  "google/veo-3.1-i2v",
  "google/veo-3.1-i2v-fast",
  "google/veo-3.1-t2v",
  "google/veo-3.1-t2v-fast",
  "google/veo-3.1-first-last-image-to-video",
  "google/veo-3.1-first-last-image-to-video-fast",
  "google/veo-3.1-reference-to-video",
  "google/veo3-1-extend-video",
  "google/veo3-1-fast-extend-video",
  "veo-3.1-lite-generate-001",
  "google/veo-3-1-lite-generate-preview",
]);

// The headers of the API's answer that the client reads, passed on and exposed to the page.
const PASSED = ["retry-after", "retry-after-ms", "x-request-id"];
// A 10 MB image as a data URL is 13.4 MB of base64; the rest of a body is a few hundred bytes.
const MAX_BODY = 16 * 1024 * 1024;
// A generation's answer is under 2 KB; the client refuses more than 1 MiB too.
const MAX_ANSWER = 1024 * 1024;
// Pieces of the key this long are taken out of the API's answers (as the client does with values):
// a server that echoes the key back must not hand it to the page.
const PIECE = 8;

/**
 * A Fetch handler, `(request) => Promise<Response>`, that forwards `POST` and `GET` of
 * `…/v2/video/generations` to the API with the server's key. See "Keep your key on a server" in the
 * README.
 */
export function createProxy(options = {}) {
  const { apiKey, upstream = "https://api.aimlapi.com", allowedOrigins, authorize, allowedModels = VEO_31_MODELS, maxBodyBytes = MAX_BODY } = options;
  // Wrong settings fail when the server starts, not on a user's first request.
  if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey) || /["\\]/.test(apiKey)) {
    throw new TypeError("createProxy: apiKey must be your AI/ML API key (printable ASCII, no spaces or quotes)");
  }
  const base = new URL(upstream);
  if (!/^https?:$/.test(base.protocol) || base.search || base.hash) throw new TypeError("createProxy: upstream must be an http(s) URL with no query or fragment");
  const target = base.href.replace(/\/+$/, "") + PATH;
  if (allowedOrigins !== undefined && !(Array.isArray(allowedOrigins) && allowedOrigins.every((o) => typeof o === "string"))) {
    throw new TypeError('createProxy: allowedOrigins must be a list of origins, like ["https://app.example"]');
  }
  if (authorize !== undefined && typeof authorize !== "function") throw new TypeError("createProxy: authorize must be a function of the request");
  if (!Array.isArray(allowedModels)) throw new TypeError("createProxy: allowedModels must be a list of model ids");
  if (!(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new TypeError("createProxy: maxBodyBytes must be a positive whole number");
  const models = new Set(allowedModels);
  const scrub = scrubber(apiKey);

  return async function proxy(request) {
    try {
      return await forward(request);
    } catch {
      // Whatever failed (a client that hung up, a runtime's odd answer), the page gets a coded error
      // without detail: a message could carry what it should not.
      return answer(500, "The proxy failed.", corsHeaders(request.headers.get("origin")));
    }
  };

  async function forward(request) {
    const url = new URL(request.url);
    const origin = request.headers.get("origin");
    const sameSite = origin === null || origin === url.origin || request.headers.get("sec-fetch-site") === "same-origin";
    if (origin !== null && !(allowedOrigins ? allowedOrigins.includes(origin) : sameSite)) {
      // No CORS headers: the page cannot read this, and its browser reports a network error.
      return answer(403, `Origin ${origin} may not use this proxy.`);
    }
    const cors = corsHeaders(origin);
    if (url.pathname.replace(/\/+$/, "").endsWith(PATH) === false) return answer(404, "Not found: this proxy serves only /v2/video/generations.", cors);
    if (request.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: { ...cors, "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": "authorization, content-type, accept", "access-control-max-age": "600" },
      });
    }
    if (request.method !== "GET" && request.method !== "POST") return answer(404, `Not found: ${request.method} is not forwarded.`, cors);
    try {
      // The app's own check (its session, its user's quota) before anyone spends its credits.
      // `true` forwards; a Response (a 429 for a quota, say) is the app's own answer; anything else 401.
      const verdict = authorize ? await authorize(request) : true;
      if (verdict instanceof Response) return withHeaders(verdict, cors);
      if (verdict !== true) return answer(401, "This request is not authorized by the app.", cors);
    } catch {
      return answer(500, "The app's authorize check failed.", cors);
    }

    let init;
    let to = target;
    if (request.method === "GET") {
      const id = url.searchParams.get("generation_id");
      if (!id) return answer(400, "generation_id is required.", cors);
      to = `${target}?generation_id=${encodeURIComponent(id)}`;
      init = { method: "GET" };
    } else {
      const text = await readText(request, maxBodyBytes);
      if (text === null) return answer(413, `The request body is larger than ${maxBodyBytes} bytes.`, cors);
      let body;
      try {
        body = JSON.parse(text);
      } catch {}
      if (body === null || typeof body !== "object" || Array.isArray(body)) return answer(400, "The request body must be a JSON object.", cors);
      if (!models.has(body.model)) return answer(400, `The model ${JSON.stringify(String(body.model)).slice(0, 100)} is not allowed by this proxy.`, cors);
      init = { method: "POST", body: text, headers: { "content-type": "application/json" } };
    }
    let upstreamAnswer;
    try {
      upstreamAnswer = await fetch(to, {
        ...init,
        // Only what the API needs: never the client's Authorization or cookies.
        headers: { ...init.headers, accept: "application/json", authorization: `Bearer ${apiKey}` },
        // Never follow a redirect with the key (Workers know no "error" here).
        redirect: "manual",
        signal: request.signal,
      });
    } catch {
      return answer(502, "The proxy could not reach the API.", cors);
    }
    const text = await readText(upstreamAnswer, MAX_ANSWER);
    if (text === null) return answer(502, "The API's answer was too large to pass on.", cors);
    const headers = { ...cors, "content-type": upstreamAnswer.headers.get("content-type") ?? "application/json", "cache-control": "no-store" };
    for (const name of PASSED) {
      const value = upstreamAnswer.headers.get(name);
      if (value !== null) headers[name] = scrub(value);
    }
    return new Response(scrub(text), { status: upstreamAnswer.status, headers });
  }
}

/** The CORS headers of an answer to `origin` (already allowed); none for a request without one. */
function corsHeaders(origin) {
  if (origin === null) return {};
  return { "access-control-allow-origin": origin, "access-control-expose-headers": PASSED.join(", "), vary: "Origin" };
}

/** `response` with `headers` added (a Response's own headers may be immutable). */
function withHeaders(response, headers) {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  return out;
}

/** An error in the API's own shape, so that the client reads its message as it reads the API's. */
function answer(status, message, headers = {}) {
  const body = { message, path: PATH, statusCode: status, timestamp: new Date().toISOString() };
  return new Response(JSON.stringify(body), { status, headers: { ...headers, "content-type": "application/json", "cache-control": "no-store" } });
}

/** The body of `r` as text, or `null` when it is longer than `max` bytes (it stops reading there). */
async function readText(r, max) {
  if (Number(r.headers.get("content-length")) > max) return null;
  if (!r.body) return "";
  const reader = r.body.getReader();
  const chunks = [];
  let size = 0;
  for (let c = await reader.read(); !c.done; c = await reader.read()) {
    size += c.value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(c.value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Replaces every piece of `key` of PIECE or more characters, in any case, by `[redacted]`. */
function scrubber(key) {
  const pieces = new Set();
  for (let i = 0; i + PIECE <= key.length; i++) pieces.add(key.slice(i, i + PIECE).toLowerCase());
  return (text) => {
    if (pieces.size === 0) return text;
    const lower = text.toLowerCase();
    let out = "";
    let copied = 0;
    let runEnd = -1;
    for (let i = 0; i + PIECE <= text.length; i++) {
      if (!pieces.has(lower.slice(i, i + PIECE))) continue;
      if (i > runEnd) out += text.slice(copied, i) + "[redacted]";
      runEnd = i + PIECE;
      copied = runEnd;
    }
    return out + text.slice(copied);
  };
}

/**
 * `proxy` as a Node `http` (or Express) handler: `(req, res) => void`. Mount it where the client's
 * `baseUrl` points; with Express, before any body parser (or the body is taken from `req.body`).
 */
export function toNodeHandler(proxy) {
  return (req, res) => {
    const stop = new AbortController();
    res.on("close", () => res.writableFinished || stop.abort());
    const url = new URL(req.originalUrl ?? req.url, `${req.socket?.encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of [value].flat()) if (v !== undefined) headers.append(name, v);
    }
    let body;
    if (req.method !== "GET" && req.method !== "HEAD") {
      // Express with a JSON parser has read the stream already: take what it parsed.
      body = req.body !== undefined && req.readableEnded ? JSON.stringify(req.body) : nodeStream(req);
    }
    const request = new Request(url, { method: req.method, headers, body, duplex: "half", signal: stop.signal });
    proxy(request).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        // The proxy's answers are whole texts, not streams: one read each.
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      () => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  };
}

/** A Node readable as a web ReadableStream, without importing node:stream (this file also runs
 * where there is none). */
function nodeStream(req) {
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk) => controller.enqueue(new Uint8Array(chunk)));
      req.on("end", () => controller.close());
      req.on("error", (e) => controller.error(e));
    },
    cancel() {
      req.destroy();
    },
  });
}
