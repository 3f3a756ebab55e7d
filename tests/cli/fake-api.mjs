// A small stand-in for the API whose finished job's video misbehaves, for the download tests of
// cli.test.mjs (the simulator always serves a good video): [/m/<mode>]/v2/video/generations, and
// the video at /video/<mode>: "404" answers 404, "short" announces more bytes than it sends, "stall"
// sends a few bytes and then nothing (until the client goes away). Its job ids end in a model's
// "/" as the API's do (`job-404:test/fake`), so that --resume takes them for generation ids. 127.0.0.1 only.
import http from "node:http";

export async function startFakeApi() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://fake");
    const origin = `http://${req.headers.host}`;
    const api = /^\/m\/([^/]+)\/v2\/video\/generations$/.exec(url.pathname);
    const json = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (api && req.method === "POST") {
      req.resume();
      return req.on("end", () => json(200, { id: `job-${api[1]}:test/fake`, status: "queued" }));
    }
    if (api && req.method === "GET") {
      const id = url.searchParams.get("generation_id");
      return json(200, { id, status: "completed", video: { url: `${origin}/video/${api[1]}` }, error: null, meta: null });
    }
    const video = /^\/video\/([^/]+)$/.exec(url.pathname);
    if (video?.[1] === "404") return json(404, { message: "No such video" });
    if (video?.[1] === "short") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "100000" });
      res.write(Buffer.alloc(1000));
      return setTimeout(() => res.destroy(), 50);
    }
    if (video?.[1] === "stall") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": "100000" });
      return res.write(Buffer.alloc(1000)); // and nothing more
    }
    json(404, { message: "Not found" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}
