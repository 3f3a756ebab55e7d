// Makes the package's dist/ from the wasm-pack output in pkg/: one ES module for every environment
// (the entry, the glue and the .wasm, deflated and in base64, bundled together), the .wasm again on
// its own (for init(source)), one self-contained .d.ts, and the server proxy.
//   node scripts/bundle.mjs
import { build } from "esbuild";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { bundleProxy } from "./bundle-proxy.mjs";

function fail(why) {
  console.error(`bundle: ${why}`);
  process.exit(1);
}

const wasm = await readFile("pkg/aimlapi_video_bg.wasm");
// Deflated before base64, the module costs what the .wasm itself costs gzipped (base64 alone
// added 30 %); DecompressionStream("deflate-raw") inflates it (js/index.js).
await writeFile("pkg/wasm-inline.js", `export default ${JSON.stringify(deflateRawSync(wasm, { level: 9 }).toString("base64"))};\n`);

await rm("dist", { recursive: true, force: true });
await mkdir("dist");
await build({
  entryPoints: ["js/index.js"],
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
await copyFile("pkg/aimlapi_video_bg.wasm", "dist/aimlapi_video_bg.wasm");

// The types: wasm-bindgen's .d.ts (the shapes of src/wasm/types.rs and the four functions, with
// their doc comments) up to its own loader's declarations, which name DOM types and a default export
// this package does not have; then the entry's own (js/index.d.ts).
const generated = await readFile("pkg/aimlapi_video.d.ts", "utf8");
const cut = generated.indexOf("\nexport type InitInput = ");
if (cut < 0) fail("pkg/aimlapi_video.d.ts no longer has `export type InitInput`: check what wasm-bindgen emits");
const types = generated.slice(0, cut).replace("/* tslint:disable */\n/* eslint-disable */\n", "");
await writeFile("dist/index.d.ts", `${types.trimEnd()}\n${await readFile("js/index.d.ts", "utf8")}`);
await copyFile("js/wasm.d.ts", "dist/wasm.d.ts");
// The server proxy (aimlapi-video/proxy): plain JavaScript, no wasm.
await bundleProxy();

// The bundle must hold no way to the .wasm file (bundlers would copy it, or fail to) and no
// loader of wasm-bindgen's own (it would fetch from beside the bundle).
const code = await readFile("dist/index.js", "utf8");
if (/import\.meta|new URL\(/.test(code)) fail("dist/index.js locates a file beside itself (import.meta, new URL)");
