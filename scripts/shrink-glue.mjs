// Shrinks the JS glue that wasm-bindgen generated, after `wasm-opt --minify-imports-and-exports-
// and-modules` renamed the module's imports and exports (its mapping is the JSON file given).
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`: over 80 of those hashes, in the
// .wasm and again in the glue, do not compress. Emscripten ships its modules the same way.
//   node scripts/shrink-glue.mjs <glue.js> <mapping.json>
// Fails loudly when the glue does not look as expected, so a newer wasm-bindgen cannot produce a
// package whose names do not match. (The generated .d.ts lists the long export names in
// `InitOutput`; scripts/bundle.mjs leaves that part out of the package's types.)
import { readFile, writeFile } from "node:fs/promises";
import { minify } from "terser";

const [gluePath, mapPath] = process.argv.slice(2);
let glue = await readFile(gluePath, "utf8");
const map = JSON.parse(await readFile(mapPath, "utf8"));

function fail(why) {
  console.error(`shrink-glue: ${why}`);
  process.exit(1);
}

const modules = new Set(map.imports.map(([module]) => module));
if (modules.size !== 1) fail(`expected the imports of one module, got ${[...modules].join(", ")}`);
const [module] = modules;

// The imports object: `        <name>: function(...` once each, and the module's key. The minified
// module name is "a" (binaryen names modules as it names imports, starting from "a").
for (const [, from, to] of map.imports) {
  const key = `\n        ${from}: `;
  const parts = glue.split(key);
  if (parts.length !== 2) fail(`import ${from} found ${parts.length - 1} times`);
  glue = parts.join(`\n        ${JSON.stringify(to)}: `);
}
const moduleKey = `${JSON.stringify(module)}: import0`;
if (glue.split(moduleKey).length !== 2) fail(`the imports object's key ${moduleKey} not found`);
glue = glue.replace(moduleKey, `"a": import0`);

// Exports are reached as `wasm.<name>`.
const renamed = new Map(map.exports);
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (all, name) => {
  const to = renamed.get(name);
  if (to === undefined) fail(`wasm.${name} is not an export of the module`);
  return `wasm.${to}`;
});
if (/wasm\[/.test(glue)) fail("the glue reaches an export by a computed name");

// Every call into the module, from an export or a callback, goes through `wasm`: wrapping its
// functions sees any exception that leaves the module (a trap, or a JS exception that ran through it
// from an import, past Rust's cleanup). Its state is unknown after that, so js/index.js is told (it
// rejects the calls in flight and restarts the module with __wbg_reset_state). The exception stops
// here: rethrown, it would only be reported as uncaught in whatever timer or microtask it hit, and
// in Node that ends the process. What the call returns instead, `[]`, reads as "no value, no error"
// to the glue's wrappers (`if (ret[1]) throw ...`).
for (const from of ["wasm = instance.exports;", "wasm = wasmInstance.exports;"]) {
  if (glue.split(from).length !== 2) fail(`\`${from}\` not found once: check how wasm-bindgen sets up the instance`);
  glue = glue.replace(from, from.replace(/= (.*);/, "= guard($1);"));
}
// A callback of an instance that was restarted (a timer or a fetch of a call the trap ended) does
// nothing: wasm-bindgen throws there, which no caller catches.
const stale = "throw new Error('Cannot invoke closure from previous WASM instance');";
if (!glue.includes(stale)) fail("wasm-bindgen's check for callbacks of an old instance not found");
glue = glue.replaceAll(stale, "return;");
glue += `
let onEscape = () => {};
export function __wbg_on_escape(f) { onEscape = f; }
function guard(exports) {
  const out = {};
  for (const k in exports) {
    const v = exports[k];
    out[k] = typeof v !== "function" ? v : (...a) => { try { return v(...a); } catch (e) { onEscape(e); return []; } };
  }
  return out;
}
`;

const out = await minify(glue, {
  module: true,
  compress: { passes: 2 },
  mangle: true,
});
await writeFile(gluePath, out.code);
