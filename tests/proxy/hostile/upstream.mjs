// A fake API behind the proxy in the hostile suite: it records every request it gets and answers
// as the mode in its path says, `/u/<mode>/<tag>/v2/video/generations` (the catalogue,
// `/u/<mode>/<tag>/v1/models`: see answerModels). The log of a tag is at
// `GET /__log?tag=<tag>`: method, target, headers, body, how many requests of the tag were in
// flight as it arrived, itself included (`inflight`), and whether the proxy hung up on an answer it
// had not finished (`cut`).
//   ok            POST: {"id":"gen-1","status":"queued"}; GET: the generation_id asked for, completed
//   html          500 text/html that reflects the query
//   echo          a completed status whose message holds the key in \u escapes, mixed case, after
//                 "İ", and raw in a key name; the key also in Content-Type and x-request-id
//   fold          the key in characters that toUpperCase, toLowerCase or NFKC make ASCII: the
//                 Kelvin sign, long s, dotless i, the ligature ﬀ, the fullwidth hyphen
//   status-N      status N (204, 304 and 205 without a body)
//   redirect      302 to another host
//   big           200 announcing 64 MiB, then 64 KiB, then nothing: the proxy must hang up
//   endless       200 chunked, 64 KiB every few ms until the proxy hangs up
//   slow          never answers
//   deep          200 with 1 MB of nested arrays
//   numbers       a status with the key's digits as a bare number
//   marks         the key with a combining mark, a variation selector or a zero-width joiner after
//                 each character, which a page strips as easily
//   notfound      404 whose message and x-request-id repeat the generation_id asked for, as an
//                 API may
//   repeat        422 whose message repeats the submit's prompt
//   hold          as ok, after 100 ms
//   trace         as ok, with the tracing and cost headers, the client's id echoed; for the
//                 generation_id "bad", each in a malformed form, which the proxy must drop
// The usage logs, `/u/<mode>/<tag>/v2/logs`: see answerLogs.
import http from "node:http";
// The key the `echo` catalogue repeats: the catalogue is read without one, so the fake API knows
// the server's key as the tests do.
import { KEY } from "./proxies.mjs";

const escaped = (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const mixed = (s) => [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");

export async function startUpstream() {
  const log = new Map();
  const inflight = new Map();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    if (req.url.startsWith("/__log")) {
      const tag = new URL(req.url, "http://x").searchParams.get("tag");
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(log.get(tag) ?? []));
    }
    const m = /^\/u\/([^/]+)\/([^/]+)\/(?:v2\/video\/generations|(v1\/models)|(v2\/logs))(\?.*)?$/.exec(req.url);
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (!m) return res.writeHead(404).end();
      const [, mode, tag, models, logs] = m;
      inflight.set(tag, (inflight.get(tag) ?? 0) + 1);
      const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), inflight: inflight.get(tag), cut: false };
      if (!log.has(tag)) log.set(tag, []);
      log.get(tag).push(entry);
      res.on("close", () => {
        entry.cut = !res.writableFinished;
        inflight.set(tag, inflight.get(tag) - 1);
      });
      (models ? answerModels : logs ? answerLogs : answer)(mode, req, res, entry.body);
    });
  });
  server.on("connection", (s) => sockets.add(s) && s.on("close", () => sockets.delete(s)));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    async log(tag) {
      return (await fetch(`${url}/__log?tag=${encodeURIComponent(tag)}`)).json();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

/**
 * The catalogue, GET /v1/models?id=…&include=pricing: `ok` answers one model's entry for whatever id
 * is asked, with the ETag "p1" (304 to an If-None-Match of it); `echo` puts the server's key (never
 * sent) in the entry and the ETag; `etagless` answers as `ok` without an ETag; `status-N`, `slow`, `big`
 * and `html` as for the generations.
 */
function answerModels(mode, req, res) {
  const id = new URL(req.url, "http://x").searchParams.get("id");
  const entry = (extra = "") => JSON.stringify({ object: "list", data: [{ id, pricing: { kind: "fixed", currency: "USD", units: [{ unit: "second", price: 0.4, per: 1 }] }, note: extra }] });
  if (mode === "ok") {
    if (req.headers["if-none-match"] === '"p1"') return res.writeHead(304, { etag: '"p1"' }).end();
    return res.writeHead(200, { "content-type": "application/json", etag: '"p1"' }).end(entry());
  }
  if (mode === "echo") return res.writeHead(200, { "content-type": "application/json", etag: `"${KEY}"` }).end(entry(KEY));
  if (mode === "etagless") return res.writeHead(200, { "content-type": "application/json" }).end(entry());
  return answer(mode, req, res, "");
}

/**
 * The usage logs, GET /v2/logs?…&limit=100&offset=N: `ok` lists 300 rows of other jobs, newest
 * first, each with the owner's cost, request id and key prefix, and at row 250 (page 3) the job of
 * the client id "mine" (inference id "gen-mine"), at 251 its resend ("gen-mine-0"); `busy` lists
 * 1,000 rows of others; `echo` the rows of "mine" holding the key in every field, and one with a
 * broken inference id; `broken` answers {"data":7}; other modes as for the generations.
 */
function answerLogs(mode, req, res) {
  const q = new URL(req.url, "http://x").searchParams;
  const offset = Number(q.get("offset"));
  const limit = Number(q.get("limit"));
  const json = (body) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const other = (i) => ({ created: "2026-12-06T10:00:00.000Z", status: "succeeded", origin: "api", model: q.get("model"), cost: { usd: 1.25, credits: 2500000 }, tokens: { input: 0, output: 0, total: 0 }, request_id: `req-other-${i}`, inference_id: `gen-other-${i}`, client_request_id: `other-${i}`, key_prefix: KEY.slice(0, 8) });
  const page = (rows) => json({ data: rows.slice(offset, offset + limit), pagination: { limit, offset, total: rows.length, has_more: offset + limit < rows.length } });
  if (mode === "ok" || mode === "busy") {
    const rows = Array.from({ length: mode === "ok" ? 300 : 1000 }, (_, i) => other(i));
    if (mode === "ok") {
      rows[250] = { ...other(250), inference_id: "gen-mine-0", client_request_id: "mine" };
      rows[251] = { ...other(251), inference_id: "gen-mine", client_request_id: "mine" };
    }
    return page(rows);
  }
  if (mode === "echo") {
    const leaky = { ...other(0), client_request_id: "mine", inference_id: `gen-${KEY}`, created: KEY, status: KEY, model: KEY, [KEY]: KEY };
    return page([leaky, { ...leaky, inference_id: "gen-1" }, { ...leaky, inference_id: "gen 2" }]);
  }
  if (mode === "broken") return json({ data: 7 });
  return answer(mode, req, res, "");
}

function answer(mode, req, res, body) {
  const json = (status, body, headers = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(typeof body === "string" ? body : JSON.stringify(body));
  const id = new URL(req.url, "http://x").searchParams.get("generation_id");
  const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
  if (mode === "ok") return req.method === "POST" ? json(200, { id: "gen-1", status: "queued" }) : json(200, { id, status: "completed", video: { url: "https://cdn.example/v.mp4" } });
  if (mode === "html") return res.writeHead(500, { "content-type": "text/html" }).end(`<html><body><script>alert(document.domain)</script>${decodeURIComponent(req.url)}</body></html>`);
  if (mode === "echo") {
    // "İ" lowercases to two characters: a scrub that lowercases the whole text and cuts the
    // original at the same indices would miss what follows it.
    const text = `{"id":"${id}","status":"failed","error":{"message":"bad key ${escaped(key)} / ${mixed(key)}"},"note":"${"İ".repeat(12)}${key}","${key}":1}`;
    return json(200, text, { "content-type": `application/json; key=${key}`, "x-request-id": `req-${key}`, "retry-after-ms": `1${key}` });
  }
  if (mode === "fold") {
    const folded = key.replace(/k/g, "\u212a").replace(/s/g, "\u017f").replace(/i/g, "\u0131").replace(/ff/g, "\ufb00").replace(/-/g, "\uff0d");
    return json(200, { id, status: "failed", error: { message: `bad key ${folded}` } });
  }
  if (mode === "marks") {
    const marked = [...key].map((c, i) => c + ["\u0301", "\ufe0f", "\u200d", "\u034f"][i % 4]).join("");
    return json(200, { id, status: "failed", error: { message: `bad key ${marked}` } });
  }
  if (mode === "notfound") return json(404, { message: `Generation ${id} not found`, statusCode: 404 }, /^[\x21-\x7e]+$/.test(id) ? { "x-request-id": id } : {});
  if (mode === "repeat") return json(422, { message: `Invalid prompt: ${JSON.parse(body).prompt}`, statusCode: 422 });
  if (mode === "trace") {
    const bad = id === "bad";
    const cid = req.headers["x-client-request-id"];
    const headers = bad
      ? { "x-inference-id": "gen 1", "x-client-request-id": "a b", "x-aimlapi-credits-used": "-1", "x-aimlapi-usd-spent": "0.1e3" }
      : { "x-inference-id": id ?? "gen-1", ...(cid ? { "x-client-request-id": cid } : {}), "x-aimlapi-credits-used": "2480", "x-aimlapi-usd-spent": "0.001240000" };
    return json(200, { id: id ?? "gen-1", status: req.method === "POST" ? "queued" : "completed" }, headers);
  }
  if (mode === "hold") return setTimeout(() => json(200, { id, status: "completed", video: { url: "https://cdn.example/v.mp4" } }), 100);
  if (mode === "numbers") return json(200, `{"id":"${id}","status":"generating","credits":${key.replace(/\D/g, "")}}`);
  if (mode.startsWith("status-")) {
    const status = Number(mode.slice(7));
    if ([204, 205, 304].includes(status)) return res.writeHead(status).end();
    return json(status, { message: `status ${status}`, statusCode: status });
  }
  if (mode === "redirect") return res.writeHead(302, { location: "http://evil.example/steal" }).end();
  if (mode === "big") {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) });
    return res.write(Buffer.alloc(64 * 1024, 32));
  }
  if (mode === "endless") {
    res.writeHead(200, { "content-type": "application/json" });
    const t = setInterval(() => res.write(Buffer.alloc(64 * 1024, 32)), 5);
    return res.on("close", () => clearInterval(t));
  }
  if (mode === "slow") return;
  if (mode === "deep") return json(200, "[".repeat(500000) + "]".repeat(500000));
  json(400, { message: `unknown mode ${mode}` });
}
