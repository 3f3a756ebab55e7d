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
// It goes in after esbuild, which would break its one long line into hundreds (`lineLimit`, below).
const inline = JSON.stringify(deflateRawSync(wasm, { level: 9 }).toString("base64"));
const PLACE = '"AIMLAPI_VIDEO_WASM"';
await writeFile("pkg/wasm-inline.js", `export default ${PLACE};\n`);

await rm("dist", { recursive: true, force: true });
await mkdir("dist");
// The core's default deadline and longest timer, which the entry also uses while the module
// loads: read from their one place, src/options.rs, rather than written twice.
const options = await readFile("src/options.rs", "utf8");
const constant = (name) => {
  const m = new RegExp(`pub const ${name}: f64 = ([\\d_]+)\\.0;`).exec(options);
  if (!m) fail(`src/options.rs no longer has \`pub const ${name}: f64 = <n>.0;\``);
  return m[1].replaceAll("_", "");
};
await build({
  entryPoints: ["js/index.js"],
  define: { DEFAULT_TIMEOUT_MS: constant("DEFAULT_TIMEOUT_MS"), MAX_TIMER_MS: constant("MAX_TIMER_MS") },
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  minify: true,
  // Node prints the source line of an uncaught error's first frame: a newcomer's first mistake
  // would print the whole one-line bundle (78 KB) above its message. Short lines cost ~0.1 KB.
  lineLimit: 160,
  legalComments: "none",
  logLevel: "warning",
});
{
  const entry = await readFile("dist/index.js", "utf8");
  if (entry.split(PLACE).length !== 2) fail("dist/index.js does not hold the .wasm's place exactly once");
  await writeFile("dist/index.js", entry.replace(PLACE, () => inline));
}
await copyFile("pkg/aimlapi_video_bg.wasm", "dist/aimlapi_video_bg.wasm");

// The types: written by hand (js/types/: the options, the models' shapes, the results; then
// js/index.d.ts: the entry's exports), put together without their `import type` lines (which
// let each file be checked on its own) and their opening `//` comments. Every Rust export is
// skip_typescript: wasm-bindgen's .d.ts must declare nothing before its loader's declarations
// (`export type InitInput` on, which name DOM types and a default export this package does not
// have) but `__wbg_reset_state`, which js/index.js keeps to itself.
const generated = await readFile("pkg/aimlapi_video.d.ts", "utf8");
const cut = generated.indexOf("\nexport type InitInput = ");
if (cut < 0) fail("pkg/aimlapi_video.d.ts no longer has `export type InitInput`: check what wasm-bindgen emits");
const declared = generated
  .slice(0, cut)
  .replace("/* tslint:disable */\n/* eslint-disable */\n", "")
  .replace("export function __wbg_reset_state(): void;", "")
  .trim();
if (declared) fail(`wasm-bindgen declares types of its own (an export without skip_typescript?): ${declared.slice(0, 300)}`);
const sources = ["js/types/options.d.ts", "js/types/models.d.ts", "js/types/results.d.ts", "js/index.d.ts"];
const types = [];
for (const file of sources) {
  types.push((await readFile(file, "utf8")).replace(/^(\/\/.*\n)+/, "").replace(/^import type [^;]*;\n/gm, "").trim());
}
await writeFile("dist/index.d.ts", `// aimlapi-video: the types of its entry.\n\n${types.join("\n\n")}\n`);
await copyFile("js/wasm.d.ts", "dist/wasm.d.ts");
// The server proxy (aimlapi-video/proxy): plain JavaScript, no wasm.
await bundleProxy();
// The AI SDK adapter (aimlapi-video/ai-sdk): readable JavaScript over the entry, which it imports
// beside itself (so a page loads the module once), and over the SDK's @ai-sdk/provider.
await build({
  entryPoints: ["js/ai-sdk/index.js"],
  outfile: "dist/ai-sdk.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["@ai-sdk/provider"],
  plugins: [{ name: "entry", setup: (b) => b.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: "./index.js", external: true })) }],
  legalComments: "inline",
  logLevel: "warning",
});
// Its types: the generated model ids and fields, then the adapter's own, as for the entry.
const sdkTypes = [];
for (const file of ["js/ai-sdk/family.d.ts", "js/ai-sdk/index.d.ts"]) {
  sdkTypes.push((await readFile(file, "utf8")).replace(/^(\/\/.*\n)+/, "").replace(/^import type [^;]*;\n/gm, "").replace(/^export type \{[^}]*\} from [^;]*;\n/gm, "").trim());
}
await writeFile("dist/ai-sdk.d.ts", `// aimlapi-video/ai-sdk: the types of the AI SDK adapter.\n\n${sdkTypes.join("\n\n")}\n`);

// The React hook (aimlapi-video/react): readable JavaScript over the entry, which it imports beside
// itself, on first use (a server rendering the page never loads the module), and over the app's
// react. "use client": a server component may import it as it is (Next.js App Router).
await build({
  entryPoints: ["js/react/index.js"],
  outfile: "dist/react.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["react"],
  banner: { js: '"use client";' },
  plugins: [{ name: "entry", setup: (b) => b.onResolve({ filter: /^\.\.\/index\.js$/ }, () => ({ path: "./index.js", external: true })) }],
  legalComments: "inline",
  logLevel: "warning",
});
{
  const hook = await readFile("js/react/index.d.ts", "utf8");
  if (!hook.includes('from "../index.js";')) fail('js/react/index.d.ts no longer imports its types from "../index.js"');
  await writeFile("dist/react.d.ts", hook.replace('from "../index.js";', 'from "./index.js";'));
}

// The bundle must hold no way to the .wasm file (bundlers would copy it, or fail to) and no
// loader of wasm-bindgen's own (it would fetch from beside the bundle).
const code = await readFile("dist/index.js", "utf8");
if (/import\.meta|new URL\(/.test(code)) fail("dist/index.js locates a file beside itself (import.meta, new URL)");
