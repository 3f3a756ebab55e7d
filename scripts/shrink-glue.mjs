// Shrinks the JS glue that wasm-bindgen generated, after `wasm-opt --minify-imports-and-exports-
// and-modules` renamed the module's imports and exports (its mapping is the JSON file given).
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`: over 80 of those hashes, in the
// .wasm and again in the glue, do not compress. Emscripten ships its modules the same way.
//   node scripts/shrink-glue.mjs <glue.js> <mapping.json> "$(wasm-bindgen --version)"
// (run from the repository's root, which holds Cargo.lock). The steps edit text wasm-bindgen
// writes, so they hold for one version of it: they refuse to run on the glue of any other, and each
// fails loudly, naming that version, when the glue does not look as expected, so that no
// wasm-bindgen can produce a package whose names or guard are wrong. (The generated .d.ts lists the
// long export names in `InitOutput`; scripts/bundle.mjs leaves that part out of the package's types.)
import { readFile, writeFile } from "node:fs/promises";
import { minify } from "terser";

// The wasm-bindgen whose glue every step below was last read against. Both the wasm-bindgen-cli
// that made the glue and the one Cargo.lock pins (which scripts/setup.sh installs) must be it: after
// an upgrade, check each step against the new glue (and scripts/bundle.mjs's cut of its .d.ts),
// then change this.
const WRITTEN_FOR = "0.2.130";

function stop(message) {
  console.error(message);
  process.exit(1);
}
function fail(why) {
  stop(`shrink-glue: ${why}.\nThis step was written for the glue of wasm-bindgen ${WRITTEN_FOR}: check it against what wasm-bindgen emits now.`);
}
function differs(what, version) {
  if (version !== WRITTEN_FOR) {
    stop(`shrink-glue was written for wasm-bindgen ${WRITTEN_FOR}; ${what} ${version}: check each step of scripts/shrink-glue.mjs against the new glue, then change WRITTEN_FOR`);
  }
}

const [gluePath, mapPath, cli] = process.argv.slice(2);
if (!gluePath || !mapPath || !cli) stop('shrink-glue: usage: node scripts/shrink-glue.mjs <glue.js> <mapping.json> "$(wasm-bindgen --version)"');
differs("this glue is from", /^(?:wasm-bindgen )?(\S+)/.exec(cli.trim())?.[1]);
const locked = /\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(await readFile("Cargo.lock", "utf8"))?.[1];
if (!locked) stop("shrink-glue: Cargo.lock (read from the current folder) names no version of wasm-bindgen");
differs("Cargo.lock pins", locked);

let glue = await readFile(gluePath, "utf8");
const map = JSON.parse(await readFile(mapPath, "utf8"));
// How many times `text` occurs in the glue.
const count = (text) => glue.split(text).length - 1;

const modules = new Set(map.imports.map(([module]) => module));
if (modules.size !== 1) fail(`expected the imports of one module, got ${[...modules].join(", ") || "none"}`);
const [module] = modules;

// The imports object: `        <name>: function(...` once each, and the module's key. The minified
// module name is "a" (binaryen names modules as it names imports, starting from "a"). Every key of
// the object must be one the module imports: any other would stay, long, in the glue.
const start = glue.indexOf("\n    const import0 = {\n");
const end = glue.indexOf("\n    };\n", start);
if (start < 0 || end < 0) fail("the imports object `const import0 = { ... };` not found");
const keys = (glue.slice(start, end).match(/\n {8}[\w$]+(?=: )/g) ?? []).filter((k) => k.trim() !== "__proto__");
if (keys.length !== map.imports.length) fail(`the imports object has ${keys.length} keys, the module ${map.imports.length} imports`);
for (const [, from, to] of map.imports) {
  const key = `\n        ${from}: `;
  if (count(key) !== 1) fail(`import ${from} found ${count(key)} times`);
  glue = glue.replace(key, `\n        ${JSON.stringify(to)}: `);
}
const moduleKey = `${JSON.stringify(module)}: import0`;
if (count(moduleKey) !== 1) fail(`the imports object's key ${moduleKey} found ${count(moduleKey)} times`);
glue = glue.replace(moduleKey, `"a": import0`);

// Exports are reached as `wasm.<name>`, and `wasm` is the instance's exports: reached any other way
// (`wasm[...]`, `instance.exports.<name>`), an export would keep a name the module no longer has.
const renamed = new Map(map.exports);
let reached = 0;
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (all, name) => {
  const to = renamed.get(name);
  if (to === undefined) fail(`wasm.${name} is not an export of the module`);
  reached++;
  return `wasm.${to}`;
});
if (reached === 0) fail("the glue reaches no export as `wasm.<name>`");
if (/\bwasm\[/.test(glue)) fail("the glue reaches an export by a computed name");
if (count(".exports") !== 2) fail(`\`.exports\` found ${count(".exports")} times, not only where \`wasm\` is set`);

// Every call into the module, from an export or a callback, goes through `wasm`: wrapping its
// functions sees any exception that leaves the module (a trap, or a JS exception that ran through it
// from an import, past Rust's cleanup). Its state is unknown after that, so js/index.js is told (it
// rejects the calls in flight and restarts the module with __wbg_reset_state). The exception stops
// here: rethrown, it would only be reported as uncaught in whatever timer or microtask it hit, and
// in Node that ends the process. What the call returns instead, `[]`, reads as "no value, no error"
// to the glue's wrappers (`if (ret[1]) throw ...`).
for (const from of ["wasm = instance.exports;", "wasm = wasmInstance.exports;"]) {
  if (count(from) !== 1) fail(`\`${from}\` found ${count(from)} times: check how wasm-bindgen sets up the instance`);
  glue = glue.replace(from, from.replace(/= (.*);/, "= guard($1);"));
}
// A callback of an instance that was restarted (a timer or a fetch of a call the trap ended) does
// nothing: wasm-bindgen throws there, which no caller catches. (Once per kind of closure.)
const stale = "throw new Error('Cannot invoke closure from previous WASM instance');";
if (count(stale) === 0) fail("wasm-bindgen's check for callbacks of an old instance not found");
glue = glue.replaceAll(stale, "return;");
const added = /\b(?:function|let|const|var|class) (onEscape|__wbg_on_escape|guard)\b/.exec(glue);
if (added) fail(`the glue already declares \`${added[1]}\`, a name this step adds`);
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

let out;
try {
  out = await minify(glue, { module: true, compress: { passes: 2 }, mangle: true });
} catch (e) {
  fail(`terser cannot read the edited glue: ${e.message}`);
}
await writeFile(gluePath, out.code);
