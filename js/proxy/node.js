// toNodeHandler: the Fetch handler as a Node `http` (or Express) handler. It never throws out of a
// request, reads the body only as fast as the handler takes it, and lets go of a body that the
// handler refused, without importing node:stream (this file also runs where there is none).
import { HOST } from "./options.js";
import { refuse } from "./answer.js";

// What the handler is handed of a body at a time; Node's socket holds about as much again.
const HIGH_WATER = 64 * 1024;
// A refused body is read and dropped for this long, so that a client still sending it reads the
// answer rather than a reset; then the connection is closed.
const DRAIN_MS = 5000;
const DRAIN_BYTES = 32 * 1024 * 1024;
// Methods a Fetch Request cannot carry.
const FORBIDDEN = /^(?:CONNECT|TRACE|TRACK)$/i;
// Node's server hands every request pipelined on a connection to the handler at once, so that one
// connection could hold thousands of calls to the API. They are handled one at a time, as Deno and
// workerd do; past this many waiting, the next is refused, the connection closed after it, and
// nothing after it is handled.
const PIPELINED = 8;
/** Each connection's line of requests: the promise of the last one's end, how many wait, and
 * whether an answer already closes the connection (a refusal, or `Connection: close`). */
const lines = new WeakMap();

/**
 * `proxy` as a Node `http` (or Express) handler: `(req, res) => void`. Mount it where the client's
 * `baseUrl` points; with Express, before any body parser (or the body is taken from `req.body`).
 */
export function toNodeHandler(proxy) {
  return (req, res) => {
    const socket = req.socket ?? req;
    let line = lines.get(socket);
    if (!line) lines.set(socket, (line = { last: Promise.resolve(), waiting: 0, closing: false }));
    // Behind the last answer of the connection: the client will not read this one.
    if (line.closing) return;
    if (line.waiting >= PIPELINED) {
      line.closing = true;
      res.shouldKeepAlive = false;
      return void send(req, res, refuse(429, "Too many requests pipelined on one connection."));
    }
    if (res.shouldKeepAlive === false) line.closing = true;
    line.waiting++;
    const over = new Promise((done) => res.once("close", done));
    // The line never rejects: a request that failed must not stop the ones behind it.
    line.last = line.last.then(async () => {
      // A request whose client left while it waited is not handled: Node has let go of its body.
      // (A request is also `destroyed` once its body was read whole, by a body parser say.)
      if (res.destroyed || req.socket?.destroyed || (req.destroyed && !req.complete)) return void line.waiting--;
      try {
        await handle(proxy, req, res);
      } catch {
        await send(req, res, refuse(500, "The proxy failed."));
      }
      // An answer queued behind others when its connection died never closes: nothing to wait for.
      if (!req.socket?.destroyed) await over;
      line.waiting--;
    });
  };
}

/** One request, when its turn on its connection comes. */
function handle(proxy, req, res) {
  const stop = new AbortController();
  res.on("close", () => res.writableFinished || stop.abort());
  let answer;
  if (FORBIDDEN.test(req.method)) {
    answer = Promise.resolve(refuse(404, `Not found: ${req.method} is not forwarded.`));
  } else {
    let request = null;
    try {
      request = toRequest(req, stop.signal);
    } catch {}
    answer = request ? proxy(request) : Promise.resolve(refuse(400, "The request's target, Host or headers cannot be read."));
  }
  return answer.then(
    (response) => send(req, res, response),
    () => send(req, res, refuse(500, "The proxy failed.")),
  );
}

/** The Fetch Request of `req`. Its URL is the Host header and the path: a request target that is
 * not a path (absolute-form, `*`) throws, so that no target can name the proxy's origin. */
function toRequest(req, signal) {
  const target = req.originalUrl ?? req.url;
  if (typeof target !== "string" || !target.startsWith("/")) throw new TypeError("not a path");
  const host = req.headers.host;
  if (host !== undefined && !HOST.test(host)) throw new TypeError("not a host");
  // Node keeps the first of two Host headers; Bun, Deno and workerd refuse them, as this does.
  const raw = req.rawHeaders ?? [];
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) if (String(raw[i]).toLowerCase() === "host") hosts++;
  if (hosts > 1) throw new TypeError("two Host headers");
  // A scheme-relative path ("//evil.example/…") stays a path after the authority.
  const url = new URL(`${req.socket?.encrypted ? "https" : "http"}://${host ?? "host.invalid"}${target}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of [value].flat()) if (v !== undefined) headers.append(name, v);
  }
  let body;
  if (req.method !== "GET" && req.method !== "HEAD") {
    if (req.body !== undefined && req.readableEnded) {
      // Express with a body parser has read the stream already: take what it parsed.
      body = typeof req.body === "string" || req.body instanceof Uint8Array ? req.body : JSON.stringify(req.body);
    } else {
      body = nodeBody(req);
    }
  }
  try {
    return new Request(url, { method: req.method, headers, body, duplex: "half", signal });
  } catch (e) {
    // A body stream no Request took is let go, so that it stops reading.
    if (body instanceof ReadableStream) body.cancel().catch(() => {});
    throw e;
  }
}

/** `req`'s body as a web ReadableStream that reads no further ahead than HIGH_WATER (the socket
 * is paused until the handler pulls). Cancelled, it stops reading: what is left is settled once
 * the answer is out (settle). */
function nodeBody(req) {
  let cancelled = false;
  let ended = false;
  const gone = () => new Error("The client closed the connection before its body ended.");
  return new ReadableStream(
    {
      start(c) {
        if (req.destroyed && !req.complete) return c.error(gone());
        req.on("data", (chunk) => {
          if (cancelled) return;
          // A copy: a view would keep the whole buffer Node read it into.
          c.enqueue(new Uint8Array(chunk));
          if (c.desiredSize <= 0) req.pause();
        });
        req.on("end", () => {
          ended = true;
          cancelled || c.close();
        });
        req.on("error", (e) => cancelled || c.error(e));
        // A body cut short by the client: without this the handler would wait on it for ever.
        req.on("close", () => ended || cancelled || c.error(gone()));
      },
      pull() {
        req.resume();
      },
      cancel() {
        cancelled = true;
        req.pause();
      },
    },
    // A piece counts as at least 1 KiB, so that tiny ones cannot pile up by the thousand.
    { highWaterMark: HIGH_WATER, size: (chunk) => Math.max(chunk.byteLength, 1024) },
  );
}

/** Writes `response` (a whole text: the proxy's answers are) to `res`, unless the client is gone,
 * then settles what is left of the request's body. */
async function send(req, res, response) {
  try {
    const body = Buffer.from(await response.arrayBuffer());
    if (res.destroyed || res.headersSent) return;
    res.once("finish", () => settle(req));
    const headers = Object.fromEntries(response.headers);
    // Each cookie of an authorize Response as its own header: fromEntries keeps only the last.
    const cookies = response.headers.getSetCookie?.() ?? [];
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    res.writeHead(response.status, headers);
    res.end(body);
  } catch {
    if (!res.headersSent) {
      try {
        res.writeHead(500, { "content-type": "application/json" });
      } catch {}
    }
    res.end();
  }
}

/**
 * What is left of a body the proxy did not read to its end, once the answer is out: read and
 * dropped for at most DRAIN_MS and DRAIN_BYTES, so that a client still sending reads the answer
 * rather than a reset, then the connection is closed if the body has not ended. A body announced
 * longer than DRAIN_BYTES is not read at all: the connection waits, paused, and is closed. (Node's
 * own answer to an unread body, which this replaces, reads it to the end however long it is.)
 */
function settle(req) {
  if (req.complete) return;
  const close = () => req.socket?.destroy();
  const timer = setTimeout(close, DRAIN_MS);
  req.once("close", () => clearTimeout(timer));
  if (Number(req.headers["content-length"]) > DRAIN_BYTES) return req.pause();
  let dropped = 0;
  req.on("data", (chunk) => (dropped += chunk.length) > DRAIN_BYTES && close());
  req.resume();
}
