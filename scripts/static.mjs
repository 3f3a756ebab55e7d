// A tiny static file server (no dependencies). By default it serves the demo page and the built
// package (www/ and dist/ of this repository) and nothing else of it; the consumer matrix serves an
// app's folder with it (`root`, `allowed`).
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".css": "text/css; charset=utf-8", ".ts": "text/plain; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".mp4": "video/mp4" };

export async function startStatic({ port = 0, host = "127.0.0.1", root = repo, allowed = [/^\/www\//, /^\/dist\/[\w.-]+$/], index = "/www/" } = {}) {
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if ((p === "/" || p === index.slice(0, -1)) && index !== "/") return res.writeHead(302, { location: index }).end();
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(root, path.posix.normalize(p));
    if (!allowed.some((r) => r.test(p)) || !file.startsWith(root + path.sep)) return res.writeHead(404).end("not found");
    try {
      const data = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
      res.end(data);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return { url: `http://${host}:${server.address().port}`, server, close: () => new Promise((r) => server.close(r)) };
}
