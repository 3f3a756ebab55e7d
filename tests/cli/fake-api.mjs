// A small stand-in for the API whose finished job's video misbehaves, for the download tests of
// tests/cli (the simulator always serves a good video): [/m/<mode>]/v2/video/generations, and the
// video at /video/<mode>:
//   "404" answers 404; "short" announces more bytes than it sends; "stall" sends a few bytes and then
//   nothing (until the client goes away); "html" a web page (text/html); "htmlmp4" the same page
//   labelled video/mp4; "signed" the page at a URL with a query (a signature); "empty" no byte;
//   "cut" the start of an MP4 with no length announced, then the connection drops; "big" a
//   300 MB MP4-looking stream, generated as it is sent (never held); "webm" a small WebM;
//   "strict" refuses a submit whose model is not one of the family (HTTP 400), as the API does.
// Its job ids end in a model's "/" as the API's do (`job-404:test/fake`), so that --resume takes
// them for generation ids. Every request is logged in `requests`. 127.0.0.1 only.
import http from "node:http";
import { FAMILY } from "../../js/family.js";

/** The first bytes of an MP4 (an "ftyp" box) and of a WebM (the EBML magic), then filler. */
export const MP4_HEAD = Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex");
export const WEBM_HEAD = Buffer.from("1a45dfa39f4286810142f7810142f2810442f381084282847765626d", "hex");
export const BIG_BYTES = 300 * 1024 * 1024;
const PAGE = "<!doctype html>\n<html><head><title>Access denied</title></head><body>Sign in to continue.</body></html>\n";

export async function startFakeApi() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://fake");
    requests.push({ method: req.method, path: url.pathname });
    const origin = `http://${req.headers.host}`;
    const api = /^\/m\/([^/]+)\/v2\/video\/generations$/.exec(url.pathname);
    const json = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (api && req.method === "POST") {
      let body = "";
      req.on("data", (d) => (body += d));
      return req.on("end", () => {
        const model = JSON.parse(body || "{}").model;
        if (api[1] === "strict" && !FAMILY[model]) return json(400, { message: `Unknown model ${model}` });
        json(200, { id: `job-${api[1]}:test/fake`, status: "queued" });
      });
    }
    if (api && req.method === "GET") {
      const id = url.searchParams.get("generation_id");
      const video = api[1] === "signed" ? `${origin}/video/html?sig=s3cr3t` : `${origin}/video/${api[1]}`;
      return json(200, { id, status: "completed", video: { url: video }, error: null, meta: null });
    }
    const mode = /^\/video\/([^/]+)$/.exec(url.pathname)?.[1];
    if (mode === "404") return json(404, { message: "No such video" });
    if (mode === "short") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "100000" });
      res.write(Buffer.concat([MP4_HEAD, Buffer.alloc(1000)]));
      return setTimeout(() => res.destroy(), 50);
    }
    if (mode === "stall") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "100000" });
      return res.write(Buffer.concat([MP4_HEAD, Buffer.alloc(1000)])); // and nothing more
    }
    if (mode === "html" || mode === "htmlmp4") {
      res.writeHead(200, { "content-type": mode === "html" ? "text/html; charset=utf-8" : "video/mp4", "content-length": String(Buffer.byteLength(PAGE)) });
      return res.end(PAGE);
    }
    if (mode === "empty") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "0" });
      return res.end();
    }
    if (mode === "cut") {
      // Chunked: no length to check against; the drop itself is the sign.
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write(Buffer.concat([MP4_HEAD, Buffer.alloc(64 * 1024)]));
      return setTimeout(() => res.destroy(), 100);
    }
    if (mode === "webm") {
      const body = Buffer.concat([WEBM_HEAD, Buffer.alloc(4096)]);
      res.writeHead(200, { "content-type": "video/webm", "content-length": String(body.length) });
      return res.end(body);
    }
    if (mode === "big") return sendBig(res);
    json(404, { message: "Not found" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

/** BIG_BYTES of an MP4 head and then a repeating 1 MB block, written as the client reads them. */
function sendBig(res) {
  res.writeHead(200, { "content-type": "video/mp4", "content-length": String(BIG_BYTES) });
  const block = Buffer.alloc(1024 * 1024, 0x2a);
  MP4_HEAD.copy(block);
  const rest = Buffer.alloc(1024 * 1024, 0x2a);
  let sent = 0;
  const more = () => {
    while (sent < BIG_BYTES) {
      const chunk = (sent === 0 ? block : rest).subarray(0, Math.min(block.length, BIG_BYTES - sent));
      sent += chunk.length;
      if (!res.write(chunk)) return res.once("drain", more);
    }
    res.end();
  };
  res.on("close", () => (sent = BIG_BYTES));
  more();
}
