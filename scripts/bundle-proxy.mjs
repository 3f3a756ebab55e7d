// Makes dist/proxy.js and dist/proxy.d.ts (aimlapi-video/proxy) from js/proxy/: plain JavaScript,
// no wasm, bundled into one readable module (not minified: it runs on servers, and people read it).
//   node scripts/bundle-proxy.mjs    (scripts/bundle.mjs runs it too)
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

export async function bundleProxy() {
  await mkdir("dist", { recursive: true });
  await build({
    entryPoints: ["js/proxy/index.js"],
    outfile: "dist/proxy.js",
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    legalComments: "inline",
    logLevel: "warning",
  });
  await copyFile("js/proxy/index.d.ts", "dist/proxy.d.ts");
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleProxy();
