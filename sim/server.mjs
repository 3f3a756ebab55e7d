// A local, dependency-free simulator of AI/ML API's video endpoints, faithful to the vendor's OpenAPI
// files in spec/api: POST/GET /v2/video/generations, each model's submit body checked against its
// file (every model of the Veo 3.1 family completes; the extend models with a longer video), CORS
// with preflight, the vendor's error body { message, path, requestId, statusCode, timestamp }, the
// tracing and cost headers, the price catalogue GET /v1/models (sim/prices.mjs: the simulator's own
// made-up prices, which its charges follow) and the usage logs GET /v2/logs (sim/logs.mjs), as
// spec/api/tracing-cost-logs.md summarises them; and scripted faults for tests.
//
// Scenarios ride in the path, so every test picks its own without shared state:
//   [/t/<tag>][/f/<fault>,<fault>...]/v2/video/generations   (also /v1/models and /v2/logs)
// <tag> records the requests (GET /__sim/log?tag=<tag> returns them, each with its route, the
// x-client-request-id received as sent, hasAuthorization and the status answered; the catalogue's
// never hold the key). Faults:
//   dur=MS          generation length; default --job-ms      queue=MS  first "queued" this long
//   never           stays "generating" forever         fail      ends in status "error"
//   unknown         reports "mystery_state" mid-way     novideo   "completed" without video.url
//   badurl          "completed" with a javascript: URL  shape     status reads send {"status":5}
//   noid            submit answers without an id, and without x-inference-id (a wholly broken answer)
//   noidbody        submit answers without an id in its body; x-inference-id still names the job
//   pace=S | pace=none   the Retry-After of a pending answer (the submit's, a read's): when to ask
//                   again; default --pace, 1 s. The package's default schedule follows it
//   slow=MS         every answer waits MS first
//   cache           status reads say they may be cached for 10 minutes (a client must not reuse them)
//   status=CODE     submit answers CODE with the vendor error body (msg=TEXT sets its message)
//   submit429=N     first N submits answer 429          submitdrop  submit drops the connection
//   created=drop | created=CODE   the job is created, then its submit's answer is cut off, or CODE
//   pollerr=CODExN  first N status reads answer CODE    html=N    first N reads: 502 HTML page
//   drop=N          first N reads: connection closed, no answer   trunc=N   first N reads: cut-off JSON
//   ra=S | radate=S | ram=MS   429/5xx carry Retry-After seconds, an HTTP date S s ahead, or retry-after-ms
//   echo            a leaky server: echoes the bearer key into every error message (past the 500th
//                   character), request id, status word, video URL and an extra `debug` field
//   fuzz=SEED       status reads answer hostile bodies (sim/fuzz.mjs), replayable by seed
//   big=N           status reads answer N bytes of valid JSON (a padded `debug` field), with a
//                   Content-Length; bigchunk=N: the same, chunked, with no length announced
// Tracing and cost (documented: x-inference-id on every answer of the generation route, the job's
// id, a fresh one on a refused submit, the generation_id asked on a poll unless malformed;
// x-client-request-id echoed when a valid one came, a bad one dropped silently; cost headers
// x-aimlapi-credits-used and x-aimlapi-usd-spent "0.001240000"; all exposed by CORS). The unknowns,
// the likelier reading by default:
//   (default)       the submit and the pending or failed polls carry zero cost headers; the poll
//                   that says completed carries the charge in meta.usage {credits_used, usd_spent}
//                   and in both headers. subcost=none: no cost headers before the end
//   usage=none      no meta.usage (the cost in the headers alone)   costhdr=none  no cost headers at the end
//   nocrid          the preflight does not allow x-client-request-id (a page's call fails before it goes)
//   video=array     video is [{url}, {url}] (the default of google/gemini-omni-1.1-flash; video=object
//                   gives it the object)
// The catalogue (no key needed, a key is ignored; ?id= matches id or aliases, OR over commas and
// repeats; include=pricing|all; a strong ETag, If-None-Match gives 304 with no body). Default: a
// `variants` price over resolution and generate_audio (resolution alone for a model without audio):
//   price=fixed | price=per10 (variants, price for 10 s) | price=variable | price=absent (data: [])
//   price=resonly   variants on resolution alone (the unknown `dimensions`)
//   catalog=nocors  no CORS headers    catalog=hideetag  ETag not exposed to pages    catalog=alias
//                   the model is listed under another id, its own name among the aliases
// The usage logs (one log for the whole simulator, every tag's jobs in it; 400 on a bad window or
// query, 429 with Retry-After past 200 reads in 60 s). By default a job's row appears once it has
// ended (succeeded, or failed at zero cost). logs=A+B… takes these parts (on the submit's path
// or the read's):
//   early           the row is listed from the submit on, with the outcome it will have, at zero cost until it ends
//   lag:MS          the row appears MS after the job ended           noise:N  N newer rows of other jobs (paging)
//   401 | 403 | 429 the logs answer that                             nocors   no CORS headers on /v2/logs
// Keys: a bearer key containing "wrong" or "invalid" gets 401; no key at all is accepted (as behind a proxy).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { fuzzBody } from "./fuzz.mjs";
import { submitSchemas } from "../spec/api.mjs";
import { catalogue, charge, matches } from "./prices.mjs";
import { parseQuery, listLogs, logsFaults } from "./logs.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

// The request schema of each model the vendor's OpenAPI files document on the endpoint.
const SCHEMAS = submitSchemas();
const ROUTE = /^(?:\/t\/([^/]+))?(?:\/f\/([^/]+))?(\/v2\/video\/generations|\/v1\/models|\/v2\/logs)\/?$/;
const NAMES = { "/v2/video/generations": "generations", "/v1/models": "models", "/v2/logs": "logs" };
const MAX_LOG = 20000;
const MAX_JOBS = 50000;
// X-Client-Request-Id as the vendor accepts it; anything else is dropped without an error.
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// A generation id the API would name in x-inference-id (a malformed one is left out).
const GEN_ID = /^[A-Za-z0-9._:/-]{1,256}$/;
const LOGS_PER_MINUTE = 200;
const EXPOSED = "retry-after, retry-after-ms, x-request-id, x-inference-id, x-client-request-id, x-aimlapi-credits-used, x-aimlapi-usd-spent";

const decode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The cost headers of an answer: { usd, credits } or null (none). */
const costHeaders = (c) => (c ? { "x-aimlapi-credits-used": String(c.credits), "x-aimlapi-usd-spent": c.usd.toFixed(9) } : {});
const ZERO = { usd: 0, credits: 0 };

function parseFaults(s) {
  const f = {};
  for (const part of (s ? decode(s) : "").split(",").filter(Boolean)) {
    const i = part.indexOf("=");
    f[i < 0 ? part : part.slice(0, i)] = i < 0 ? true : part.slice(i + 1);
  }
  return f;
}

/** The simulator's port when none is given (`npx aimlapi-video sim`, `npm start`; the demo's default). */
export const SIM_PORT = 8787;

export function createSim({ jobMs = 8000, paceS = 1, staticDirs = {} } = {}) {
  const jobs = new Map();
  const log = new Map(); // tag -> [request]
  const counters = new Map(); // tag -> { submits }
  const logsReads = []; // times of the /v2/logs reads of the last minute, for its 429
  let logged = 0;

  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, accept, x-client-request-id",
    "access-control-expose-headers": EXPOSED,
    "access-control-max-age": "600",
  };

  // The CORS headers of a route under its faults: none at all (logs=nocors, catalog=nocors), the
  // catalogue's ETag left unexposed (catalog=hideetag), X-Client-Request-Id not allowed (nocrid).
  function corsFor(route, f) {
    if (route === "logs" && logsFaults(f).parts.includes("nocors")) return {};
    if (route === "models" && f.catalog === "nocors") return {};
    const out = { ...cors };
    if (route === "models" && f.catalog !== "hideetag") out["access-control-expose-headers"] += ", etag";
    if (f.nocrid) out["access-control-allow-headers"] = out["access-control-allow-headers"].replace(", x-client-request-id", "");
    return out;
  }

  function send(res, status, body, extra = {}) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      ...(res.cors ?? cors),
      "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
      ...(res.route ?? {}),
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

  // A pending answer's Retry-After: when to ask again (pace=S sets it, pace=none sends none). The
  // vendor's files are silent on it; `npm run live` prints whether the real API sends one.
  function paceHeaders(f) {
    const s = f.pace === "none" ? null : Number(f.pace ?? paceS);
    return s === null || !Number.isFinite(s) || s < 0 ? {} : { "retry-after": String(s) };
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

  /** A status read's body, and the cost its headers carry (null: none). */
  function view(job, origin) {
    const status = statusOf(job, Date.now());
    const body = { id: job.id, status, video: null, error: null, meta: null };
    // Before the end, and for a failed job: zero (subcost=none: no cost headers). At the end: the
    // charge, in meta.usage (not with usage=none) and the headers (not with costhdr=none).
    let cost = job.f.subcost === "none" ? null : ZERO;
    if (status === "error") {
      body.error = { name: "GenerationError", message: "The model could not animate this image." };
      cost = ZERO;
    }
    if (status === "completed") {
      if (job.f.usage !== "none") body.meta = { usage: { credits_used: job.cost.credits, usd_spent: job.cost.usd } };
      cost = job.f.costhdr === "none" ? null : job.cost;
      // The extend models answer with a longer video (13 s; scripts/make-extended-sample.mjs).
      const url = `${origin}/media/${job.extend ? "extended.mp4" : "sample.mp4"}${job.echo ? `?k=${job.echo}` : ""}`;
      if (job.f.badurl) body.video = { url: "javascript:alert(1)" };
      else if (job.f.novideo) body.video = null;
      else if (job.array) body.video = [{ url }, { url: `${url}${url.includes("?") ? "&" : "?"}part=2` }];
      else body.video = { url };
    }
    if (job.echo) body.debug = { authorization: `Bearer ${job.echo}` };
    const big = Number(job.f.big ?? job.f.bigchunk ?? 0);
    if (big) body.debug = { pad: "x".repeat(Math.max(0, big - JSON.stringify(body).length - 20)) };
    return { body, cost };
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

  /** Records a request in its tag's log; the entry gets the status answered once it is sent. */
  function record(tag, route, req, res, url, more) {
    if (!tag || logged >= MAX_LOG) return;
    logged++;
    if (!log.has(tag)) log.set(tag, []);
    const auth = req.headers.authorization;
    const entry = {
      route,
      method: req.method,
      path: url.pathname,
      search: url.search,
      // The catalogue is public: whether a key came is recorded there, never the key itself.
      authorization: route === "models" && auth !== undefined ? "[not recorded]" : (auth ?? null),
      hasAuthorization: auth !== undefined,
      origin: req.headers.origin ?? null,
      clientRequestId: req.headers["x-client-request-id"] ?? null,
      status: null,
      at: Date.now(),
      ...more,
    };
    log.get(tag).push(entry);
    res.once("finish", () => (entry.status = res.statusCode));
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://sim");
    const origin = `http://${req.headers.host}`;
    const m = ROUTE.exec(url.pathname);
    const route = m ? NAMES[m[3]] : null;
    const tag = m?.[1] ? decode(m[1]) : null;
    const f = m ? parseFaults(m[2]) : {};
    if (m) res.cors = corsFor(route, f);
    if (req.method === "OPTIONS") {
      // The vendor documents no CORS policy for headers beyond these; the simulator allows what a
      // page asks for, so that the `headers` option can be tried from a page (not
      // x-client-request-id under nocrid, and nothing on a route without CORS).
      const own = res.cors ?? cors;
      let asked = req.headers["access-control-request-headers"];
      if (asked && f.nocrid) asked = asked.split(",").map((h) => h.trim()).filter((h) => h.toLowerCase() !== "x-client-request-id").join(", ");
      const allow = own["access-control-allow-headers"];
      res.writeHead(204, allow && asked && /^[\w!#$%&'*+.^`|~, -]{1,1000}$/.test(asked) ? { ...own, "access-control-allow-headers": `${allow}, ${asked}` } : own);
      return res.end();
    }
    if (url.pathname === "/__sim/log") return send(res, 200, log.get(url.searchParams.get("tag")) ?? []);
    if (url.pathname === "/__sim/health") return send(res, 200, { ok: true, jobs: jobs.size });
    if (!m) {
      for (const [prefix, dir] of Object.entries(staticDirs)) {
        if (url.pathname.startsWith(prefix)) return serveStatic(res, dir, url.pathname.slice(prefix.length));
      }
      return vendorError(res, 404, "Not found", url.pathname);
    }
    if (route === "models") return models(req, res, url, tag, f);
    const chunks = [];
    let size = 0;
    for await (const c of req) if ((size += c.length) <= 64e6) chunks.push(c);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {}
    const crid = req.headers["x-client-request-id"];
    const validCrid = typeof crid === "string" && CLIENT_ID.test(crid) ? crid : null;
    record(tag, route, req, res, url, route === "generations" ? { generationId: url.searchParams.get("generation_id"), contentType: req.headers["content-type"] ?? null, headers: req.headers, body } : { query: [...url.searchParams] });
    if (f.slow) await new Promise((r) => setTimeout(r, Number(f.slow)));
    const auth = req.headers.authorization;
    const echo = f.echo && auth ? auth.replace(/^Bearer /, "") : null;
    // Every answer of these routes echoes a valid client id; the generation route's also names
    // the inference (a fresh one for a submit refused before any job).
    const asked = url.searchParams.get("generation_id");
    res.route = {
      ...(validCrid ? { "x-client-request-id": validCrid } : {}),
      ...(route !== "generations" ? {} : req.method === "GET" ? (asked && GEN_ID.test(asked) ? { "x-inference-id": asked } : {}) : { "x-inference-id": randomUUID() }),
    };
    if (auth !== undefined && (!/^Bearer \S+$/.test(auth) || /wrong|invalid/i.test(auth))) {
      return vendorError(res, 401, f.msg ?? "This request requires a valid API key.", url.pathname, {}, echo);
    }
    if (route === "logs") return logs(res, url, f);
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
      const requestId = randomUUID();
      const array = f.video === "array" || (/gemini-omni/.test(body.model) && f.video !== "object");
      const job = { id, requestId, created: Date.now(), dur: Number(f.dur ?? jobMs), f, polls: 0, echo, extend: /extend/.test(body.model), model: body.model, clientRequestId: validCrid, cost: charge(body, f.price), array };
      remember(job);
      // logs=noise:N: N other jobs of the model, newer, ended, so that this one's row is further down.
      const noise = Math.min(1000, Number(logsFaults(f).parts.find((p) => p.startsWith("noise:"))?.slice(6)) || 0);
      for (let i = 0; i < noise; i++) remember({ ...job, id: `${randomUUID()}:${body.model}`, requestId: randomUUID(), clientRequestId: null, dur: 0, f: {}, array: false });
      res.route["x-inference-id"] = id;
      // created=drop | created=CODE: the job exists, but its submit's answer is lost or an error.
      if (f.created === "drop") return drop(req);
      if (f.created) return vendorError(res, Number(f.created), f.msg ?? "Scripted error.", url.pathname, {}, echo);
      const cost = costHeaders(f.subcost === "none" ? null : ZERO);
      if (f.noid) delete res.route["x-inference-id"];
      const head = { ...cost, ...paceHeaders(f), "x-request-id": requestId };
      if (f.noid || f.noidbody) return send(res, 200, { status: "queued" }, head);
      return send(res, 200, { id, status: "queued" }, head);
    }
    if (req.method === "GET") {
      const job = asked && jobs.get(asked);
      if (!job) return vendorError(res, 404, `Generation ${asked ?? ""} not found`, url.pathname);
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
      const { body: answer, cost } = view(job, origin);
      const head = { ...res.cors, "content-type": "application/json", ...res.route, ...costHeaders(cost) };
      if (f.trunc && n <= Number(f.trunc)) {
        const text = JSON.stringify(answer);
        res.writeHead(200, head);
        return res.end(text.slice(0, Math.floor(text.length / 2)));
      }
      if (f.shape) return send(res, 200, { id: job.id, status: 5 });
      if (f.fuzz !== undefined) {
        res.writeHead(200, head);
        return res.end(fuzzBody(Number(f.fuzz), n, job.id));
      }
      if (f.bigchunk) {
        const text = JSON.stringify(answer);
        res.writeHead(200, head);
        res.write(text.slice(0, 1000));
        return res.end(text.slice(1000));
      }
      const pending = answer.status !== "completed" && answer.status !== "error";
      return send(res, 200, answer, { ...costHeaders(cost), ...(pending ? paceHeaders(f) : {}), ...(f.cache ? { "cache-control": "public, max-age=600" } : {}) });
    }
    return vendorError(res, 405, "Method not allowed", url.pathname);
  }

  function remember(job) {
    jobs.set(job.id, job);
    if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value);
  }

  // GET /v1/models: public (a key is accepted and ignored), with a strong ETag of the body.
  function models(req, res, url, tag, f) {
    record(tag, "models", req, res, url, { ifNoneMatch: req.headers["if-none-match"] ?? null });
    if (req.method !== "GET" && req.method !== "HEAD") return vendorError(res, 405, "Method not allowed", url.pathname);
    const { body, etag } = catalogue(url.searchParams, f);
    if (matches(req.headers["if-none-match"], etag)) {
      res.writeHead(304, { ...res.cors, etag });
      return res.end();
    }
    res.writeHead(200, { ...res.cors, "content-type": "application/json", etag });
    return res.end(body);
  }

  // GET /v2/logs: every job of the simulator (the log is the account's, whatever the tag).
  function logs(res, url, f) {
    if (res.req.method !== "GET") return vendorError(res, 405, "Method not allowed", url.pathname);
    const { parts } = logsFaults(f);
    if (parts.includes("401")) return vendorError(res, 401, "This request requires a valid API key.", url.pathname);
    if (parts.includes("403")) return vendorError(res, 403, "This key may not read the usage logs.", url.pathname);
    const now = Date.now();
    while (logsReads.length && logsReads[0] <= now - 60_000) logsReads.shift();
    if (parts.includes("429") || logsReads.length >= LOGS_PER_MINUTE) {
      const wait = logsReads.length >= LOGS_PER_MINUTE ? Math.ceil((logsReads[0] + 60_000 - now) / 1000) : Number(f.ra ?? 1);
      return vendorError(res, 429, "Too Many Requests", url.pathname, { "retry-after": String(Math.max(1, wait)) });
    }
    logsReads.push(now);
    const q = parseQuery(url.searchParams, now);
    if (q.error) return vendorError(res, 400, q.error, url.pathname);
    return send(res, 200, listLogs(jobs, q, now, f));
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
  const { url } = await startSim({ port: Number(arg("--port", 0)), jobMs: Number(arg("--job-ms", 8000)), paceS: Number(arg("--pace", 1)) });
  console.log(`SIM_URL=${url}`);
}
