// A local, dependency-free simulator of AI/ML API's video endpoints, faithful to the vendor's OpenAPI
// files in spec/api: POST/GET /v2/video/generations, each model's submit body checked against its
// file (every model of the Veo 3.1 family completes; the extend models with a longer video), CORS
// with preflight, the vendor's error body { message, path, requestId, statusCode, timestamp }, and
// scripted faults for tests.
//
// Scenarios ride in the path, so every test picks its own without shared state:
//   [/t/<tag>][/f/<fault>,<fault>...]/v2/video/generations
// <tag> records the requests (GET /__sim/log?tag=<tag> returns them). Faults:
//   dur=MS          generation length; default --job-ms      queue=MS  first "queued" this long
//   never           stays "generating" forever         fail      ends in status "error"
//   unknown         reports "mystery_state" mid-way     novideo   "completed" without video.url
//   badurl          "completed" with a javascript: URL  shape     status reads send {"status":5}
//   noid            submit answers without an id        slow=MS   every answer waits MS first
//   cache           status reads say they may be cached for 10 minutes (a client must not reuse them)
//   status=CODE     submit answers CODE with the vendor error body (msg=TEXT sets its message)
//   submit429=N     first N submits answer 429          submitdrop  submit drops the connection
//   pollerr=CODExN  first N status reads answer CODE    html=N    first N reads: 502 HTML page
//   drop=N          first N reads: connection closed, no answer   trunc=N   first N reads: cut-off JSON
//   ra=S | radate=S | ram=MS   429/5xx carry Retry-After seconds, an HTTP date S s ahead, or retry-after-ms
//   echo            a leaky server: echoes the bearer key into every error message (past the 500th
//                   character), request id, status word, video URL and an extra `debug` field
//   fuzz=SEED       status reads answer hostile bodies (sim/fuzz.mjs), replayable by seed
//   big=N           status reads answer N bytes of valid JSON (a padded `debug` field), with a
//                   Content-Length; bigchunk=N: the same, chunked, with no length announced
// Keys: a bearer key containing "wrong" or "invalid" gets 401; no key at all is accepted (as behind a proxy).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { fuzzBody } from "./fuzz.mjs";
import { submitSchemas } from "../spec/api.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

// The request schema of each model the vendor's OpenAPI files document on the endpoint.
const SCHEMAS = submitSchemas();
const ROUTE = /^(?:\/t\/([^/]+))?(?:\/f\/([^/]+))?\/v2\/video\/generations\/?$/;
const MAX_LOG = 20000;
const MAX_JOBS = 50000;

function parseFaults(s) {
  const f = {};
  for (const part of (s ? decodeURIComponent(s) : "").split(",").filter(Boolean)) {
    const i = part.indexOf("=");
    f[i < 0 ? part : part.slice(0, i)] = i < 0 ? true : part.slice(i + 1);
  }
  return f;
}

export function createSim({ jobMs = 8000, staticDirs = {} } = {}) {
  const jobs = new Map();
  const log = new Map(); // tag -> [request]
  const counters = new Map(); // tag -> { submits }
  let logged = 0;

  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, accept",
    "access-control-expose-headers": "retry-after, retry-after-ms, x-request-id",
    "access-control-max-age": "600",
  };

  function send(res, status, body, extra = {}) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      ...cors,
      "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
      ...extra,
    });
    res.end(text);
  }

  function vendorError(res, status, message, pathname, extra = {}, echo = null) {
    let requestId = randomUUID();
    if (echo) {
      message = `${message} ${".".repeat(Math.max(0, 490 - message.length))} key ${echo}`;
      requestId = `req-${echo}`;
    }
    send(res, status, { message, path: pathname, requestId, statusCode: status, timestamp: new Date().toISOString() }, {
      "x-request-id": requestId,
      ...extra,
    });
  }

  function retryHeaders(f) {
    if (f.ram !== undefined) return { "retry-after-ms": String(f.ram) };
    if (f.radate !== undefined) return { "retry-after": new Date(Date.now() + Number(f.radate) * 1000).toUTCString() };
    return { "retry-after": String(f.ra ?? 0) };
  }

  // "queued" while the job waits in its queue (queue=MS; none by default, as in the vendor's sample
  // run, whose reads all say "generating"), then generating for dur=MS.
  function statusOf(job, now) {
    const t = now - job.created - Number(job.f.queue ?? 0);
    if (t < 0) return "queued";
    if (job.f.never) return "generating";
    if (job.f.unknown && t > job.dur / 5 && t < (job.dur * 3) / 5) return "mystery_state";
    if (t < job.dur) return job.echo ? `generating:${job.echo}` : "generating";
    return job.f.fail ? "error" : "completed";
  }

  function view(job, origin) {
    const status = statusOf(job, Date.now());
    const body = { id: job.id, status, video: null, error: null, meta: null };
    if (status === "error") body.error = { name: "GenerationError", message: "The model could not animate this image." };
    if (status === "completed") {
      body.meta = { usage: { credits_used: 120000 } };
      // The extend models answer with a longer video (13 s; scripts/make-extended-sample.mjs).
      const file = job.extend ? "extended.mp4" : "sample.mp4";
      if (job.f.badurl) body.video = { url: "javascript:alert(1)" };
      else if (!job.f.novideo) body.video = { url: `${origin}/media/${file}${job.echo ? `?k=${job.echo}` : ""}` };
    }
    if (job.echo) body.debug = { authorization: `Bearer ${job.echo}` };
    const big = Number(job.f.big ?? job.f.bigchunk ?? 0);
    if (big) body.debug = { pad: "x".repeat(Math.max(0, big - JSON.stringify(body).length - 20)) };
    return body;
  }

  // A submit body as the vendor's OpenAPI file of its model says (required fields, types, values);
  // a model outside the family needs only a prompt.
  function validate(b) {
    if (!b || typeof b !== "object" || Array.isArray(b)) return ["body must be a JSON object"];
    if (typeof b.model !== "string" || !b.model) return ["model must be a string"];
    const s = SCHEMAS.get(b.model) ?? { required: ["model", "prompt"], properties: {} };
    const errs = [];
    for (const r of s.required ?? []) if (b[r] === undefined) errs.push(`${r} is required`);
    for (const [k, v] of Object.entries(b)) {
      const p = s.properties[k];
      if (!p) continue;
      const type = Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;
      if (type !== p.type && !(p.type === "number" && type === "integer")) errs.push(`${k} must be of type ${p.type}`);
      else if (p.enum && !p.enum.includes(v)) errs.push(`${k} must be one of ${p.enum.join(", ")}`);
    }
    if (typeof b.prompt !== "string" || !b.prompt.trim()) errs.push("prompt must be a non-empty string");
    for (const u of [b.image_url, b.last_image_url, ...(Array.isArray(b.image_urls) ? b.image_urls : [])]) {
      if (u !== undefined && (typeof u !== "string" || !/^(https?:\/\/|data:image\/)/i.test(u))) errs.push("image URLs must be URIs");
    }
    if (b.video_url !== undefined && !/^(https?:\/\/|data:video\/)/i.test(b.video_url)) errs.push("video_url must be a URI");
    return errs;
  }

  // Closes the connection without an HTTP answer. A malformed status line goes first: Chromium
  // silently re-sends a request whose reused keep-alive connection closed with no byte of answer
  // (even a POST), which would hide the fault from the client under test.
  function drop(req) {
    req.socket.end("XHTTP/9 garbage\r\n\r\n");
    req.socket.destroySoon?.();
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://sim");
    const origin = `http://${req.headers.host}`;
    if (req.method === "OPTIONS") {
      // The vendor documents no CORS policy for headers beyond these; the simulator allows what a
      // page asks for, so that the `headers` option can be tried from a page.
      const asked = req.headers["access-control-request-headers"];
      res.writeHead(204, asked && /^[\w!#$%&'*+.^`|~, -]{1,1000}$/.test(asked) ? { ...cors, "access-control-allow-headers": `${cors["access-control-allow-headers"]}, ${asked}` } : cors);
      return res.end();
    }
    if (url.pathname === "/__sim/log") return send(res, 200, log.get(url.searchParams.get("tag")) ?? []);
    if (url.pathname === "/__sim/health") return send(res, 200, { ok: true, jobs: jobs.size });
    const m = ROUTE.exec(url.pathname);
    if (!m) {
      for (const [prefix, dir] of Object.entries(staticDirs)) {
        if (url.pathname.startsWith(prefix)) return serveStatic(res, dir, url.pathname.slice(prefix.length));
      }
      return vendorError(res, 404, "Not found", url.pathname);
    }
    const tag = m[1] ? decodeURIComponent(m[1]) : null;
    const f = parseFaults(m[2]);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {}
    if (tag && logged < MAX_LOG) {
      logged++;
      if (!log.has(tag)) log.set(tag, []);
      log.get(tag).push({
        method: req.method,
        path: url.pathname,
        search: url.search,
        generationId: url.searchParams.get("generation_id"),
        authorization: req.headers.authorization ?? null,
        contentType: req.headers["content-type"] ?? null,
        origin: req.headers.origin ?? null,
        headers: req.headers,
        body,
        at: Date.now(),
      });
    }
    if (f.slow) await new Promise((r) => setTimeout(r, Number(f.slow)));
    const auth = req.headers.authorization;
    const echo = f.echo && auth ? auth.replace(/^Bearer /, "") : null;
    if (auth !== undefined && (!/^Bearer \S+$/.test(auth) || /wrong|invalid/i.test(auth))) {
      return vendorError(res, 401, f.msg ?? "This request requires a valid API key.", url.pathname, {}, echo);
    }
    const count = counters.get(tag ?? "") ?? { submits: 0 };
    counters.set(tag ?? "", count);

    if (req.method === "POST") {
      count.submits++;
      if (f.submitdrop) return drop(req);
      if (f.status) return vendorError(res, Number(f.status), f.msg ?? "Scripted error.", url.pathname, {}, echo);
      if (f.submit429 && count.submits <= Number(f.submit429)) {
        return vendorError(res, 429, "Too Many Requests", url.pathname, retryHeaders(f));
      }
      const errs = validate(body);
      if (errs.length) return vendorError(res, 400, `Body validation error! ${errs.join("; ")}`, url.pathname);
      const id = `${randomUUID()}:${body.model}`;
      const job = { id, created: Date.now(), dur: Number(f.dur ?? jobMs), f, polls: 0, echo, extend: /extend/.test(body.model) };
      jobs.set(id, job);
      if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value);
      if (f.noid) return send(res, 200, { status: "queued" });
      return send(res, 200, { id, status: "queued" });
    }
    if (req.method === "GET") {
      const id = url.searchParams.get("generation_id");
      const job = id && jobs.get(id);
      if (!job) return vendorError(res, 404, `Generation ${id ?? ""} not found`, url.pathname);
      job.polls++;
      const n = job.polls;
      if (f.drop && n <= Number(f.drop)) return drop(req);
      if (f.html && n <= Number(f.html)) {
        return send(res, 502, "<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>", retryHeaders(f));
      }
      if (f.pollerr) {
        const [code, times] = String(f.pollerr).split("x");
        if (n <= Number(times ?? Infinity)) return vendorError(res, Number(code), f.msg ?? "Scripted error.", url.pathname, retryHeaders(f), echo);
      }
      if (f.trunc && n <= Number(f.trunc)) {
        const text = JSON.stringify(view(job, origin));
        res.writeHead(200, { ...cors, "content-type": "application/json" });
        return res.end(text.slice(0, Math.floor(text.length / 2)));
      }
      if (f.shape) return send(res, 200, { id: job.id, status: 5 });
      if (f.fuzz !== undefined) {
        res.writeHead(200, { ...cors, "content-type": "application/json" });
        return res.end(fuzzBody(Number(f.fuzz), n, job.id));
      }
      if (f.bigchunk) {
        const text = JSON.stringify(view(job, origin));
        res.writeHead(200, { ...cors, "content-type": "application/json" });
        res.write(text.slice(0, 1000));
        return res.end(text.slice(1000));
      }
      return send(res, 200, view(job, origin), f.cache ? { "cache-control": "public, max-age=600" } : {});
    }
    return vendorError(res, 405, "Method not allowed", url.pathname);
  }

  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".mp4": "video/mp4", ".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml", ".json": "application/json", ".ts": "text/plain" };
  async function serveStatic(res, dir, rel) {
    const file = path.resolve(dir, "." + path.posix.normalize("/" + decodeURIComponent(rel || "/")));
    const target = file.endsWith(path.sep) || rel === "" || rel === "/" ? path.join(file, "index.html") : file;
    if (!target.startsWith(path.resolve(dir))) return vendorError(res, 403, "Forbidden", rel);
    try {
      const data = await readFile(target);
      res.writeHead(200, { ...cors, "content-type": types[path.extname(target)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(data);
    } catch {
      vendorError(res, 404, "Not found", rel);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) vendorError(res, 500, "Internal server error", req.url);
      else res.destroy(e);
    });
  });
  return { server, jobs, log };
}

/** Starts a simulator; resolves with { url, close }. */
export async function startSim({ port = 0, host = "127.0.0.1", ...opts } = {}) {
  const { server } = createSim({ staticDirs: { "/media/": path.join(here, "media") }, ...opts });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return { url, server, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const { url } = await startSim({ port: Number(arg("--port", 0)), jobMs: Number(arg("--job-ms", 8000)) });
  console.log(`SIM_URL=${url}`);
}
