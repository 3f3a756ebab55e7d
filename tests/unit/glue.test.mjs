// scripts/shrink-glue.mjs on a small glue shaped as wasm-bindgen writes it, without a build: it
// shrinks the glue of the wasm-bindgen it was written for (and the result still reaches the
// module), refuses the glue of any other and a Cargo.lock that pins another, and a step that does
// not find what it edits fails, naming the version the step was written for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts/shrink-glue.mjs");
// The version the build uses: shrink-glue must have been written for it, or the first test fails.
const LOCKED = /\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(readFileSync(path.join(ROOT, "Cargo.lock"), "utf8"))[1];
const OTHER = LOCKED.replace(/\d+$/, (patch) => String(Number(patch) + 1));

// The parts of the glue the steps edit, as wasm-bindgen 0.2.130 writes them (--target web
// --experimental-reset-state-function), around three exports and two imports.
const GLUE = `/* @ts-self-types="./m.d.ts" */

export function __wbg_reset_state () {
    __wbg_instance_id++;
    wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
    wasm = wasmInstance.exports;
    wasm.__wbindgen_start();
}

/**
 * Twice the time.
 * @returns {number}
 */
export function twice() {
    const ret = wasm.twice();
    return ret;
}

export function trap() {
    wasm.trap();
}

/**
 * @param {Function} f
 * @returns {Function}
 */
export function callback(f) {
    return makeClosure(f);
}

function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_now_463ac581d2fc7ea3: function() {
            const ret = Date.now();
            return ret;
        },
        __wbindgen_init_externref_table: function() {
        },
    };
    return {
        __proto__: null,
        "./m_bg.js": import0,
    };
}

let __wbg_instance_id = 0;
function makeClosure(f) {
    const state = { instance: __wbg_instance_id };
    return () => {
        if (state.instance !== __wbg_instance_id) {
            throw new Error('Cannot invoke closure from previous WASM instance');
        }
        return f();
    };
}

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    wasm.__wbindgen_start();
    return wasm;
}

function initSync(module) {
    const instance = new WebAssembly.Instance(module, __wbg_get_imports());
    return __wbg_finalize_init(instance, module);
}

export { initSync };
`;
const MAP = {
  imports: [
    ["./m_bg.js", "__wbg_now_463ac581d2fc7ea3", "b"],
    ["./m_bg.js", "__wbindgen_init_externref_table", "c"],
  ],
  exports: [
    ["twice", "d"],
    ["trap", "e"],
    ["__wbindgen_start", "f"],
  ],
};

/** Runs shrink-glue in a folder of its own on `glue`, with that folder's Cargo.lock pinning `lock`. */
function shrink({ glue = GLUE, cli = `wasm-bindgen ${LOCKED}`, lock = LOCKED } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "glue-"));
  try {
    copyFileSync(path.join(ROOT, "Cargo.lock"), path.join(dir, "Cargo.lock"));
    const lockText = readFileSync(path.join(dir, "Cargo.lock"), "utf8");
    writeFileSync(path.join(dir, "Cargo.lock"), lockText.replace(`name = "wasm-bindgen"\nversion = "${LOCKED}"`, `name = "wasm-bindgen"\nversion = "${lock}"`));
    writeFileSync(path.join(dir, "m.js"), glue);
    writeFileSync(path.join(dir, "names.json"), JSON.stringify(MAP));
    const run = spawnSync(process.execPath, [SCRIPT, "m.js", "names.json", cli], { cwd: dir, encoding: "utf8" });
    return { status: run.status, stderr: run.stderr, out: readFileSync(path.join(dir, "m.js"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A module as wasm-opt leaves it, with the mapping's names: it imports "a"."b" (the glue's clock)
// and "a"."c", and exports d (twice the clock), e (a trap) and f (the start, which calls "a"."c").
function minifiedModule() {
  const name = (s) => [s.length, ...Buffer.from(s)];
  const section = (id, ...items) => {
    const content = [items.length, ...items.flat()];
    return [id, content.length, ...content];
  };
  const body = (...code) => [code.length + 2, 0, ...code, 0x0b];
  const two = [...new Uint8Array(new Float64Array([2]).buffer)];
  return new WebAssembly.Module(
    new Uint8Array([
      ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
      ...section(1, [0x60, 0, 1, 0x7c], [0x60, 0, 0]),
      ...section(2, [...name("a"), ...name("b"), 0, 0], [...name("a"), ...name("c"), 0, 1]),
      ...section(3, [0], [1], [1]),
      ...section(7, [...name("d"), 0, 2], [...name("e"), 0, 3], [...name("f"), 0, 4]),
      ...section(10, body(0x10, 0, 0x44, ...two, 0xa2), body(0x00), body(0x10, 1)),
    ]),
  );
}

test("the glue of the wasm-bindgen it was written for is shrunk, and reaches the module by its new names", async () => {
  const { status, stderr, out } = shrink();
  assert.equal(status, 0, stderr);
  assert.ok(!out.includes("__wbg_now_463ac581d2fc7ea3") && !out.includes("m_bg.js") && !out.includes("WASM instance"), out);
  const dir = mkdtempSync(path.join(tmpdir(), "glue-"));
  try {
    writeFileSync(path.join(dir, "m.mjs"), out);
    const glue = await import(pathToFileURL(path.join(dir, "m.mjs")).href);
    const escaped = [];
    glue.__wbg_on_escape((e) => escaped.push(e));
    glue.initSync(minifiedModule());
    const twice = () => {
      const before = Date.now();
      const got = glue.twice();
      assert.ok(got >= 2 * before && got <= 2 * Date.now(), `${got}`);
    };
    twice();
    // A trap leaving the module is handed to __wbg_on_escape, not thrown at the caller.
    assert.doesNotThrow(() => glue.trap());
    assert.equal(escaped.length, 1);
    assert.ok(escaped[0] instanceof WebAssembly.RuntimeError, String(escaped[0]));
    const callback = glue.callback(() => 7);
    assert.equal(callback(), 7);
    // The restarted instance gets the same imports and the same guard, and a callback of the old
    // one does nothing (wasm-bindgen's throw there would reach no caller).
    glue.__wbg_reset_state();
    assert.equal(callback(), undefined);
    twice();
    glue.trap();
    assert.equal(escaped.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the glue of another wasm-bindgen is refused, and left as it was", () => {
  const { status, stderr, out } = shrink({ cli: `wasm-bindgen ${OTHER}` });
  assert.equal(status, 1);
  assert.match(stderr, new RegExp(`written for wasm-bindgen ${LOCKED}; this glue is from ${OTHER}: check each step .* then change WRITTEN_FOR`));
  assert.equal(out, GLUE);
});

test("a Cargo.lock that pins another wasm-bindgen is refused", () => {
  const { status, stderr } = shrink({ lock: OTHER });
  assert.equal(status, 1);
  assert.match(stderr, new RegExp(`written for wasm-bindgen ${LOCKED}; Cargo.lock pins ${OTHER}`));
});

test("a step that does not find what it edits fails, naming the version it was written for", () => {
  const changes = {
    "the instance's exports set another way": ["wasm = instance.exports;", "wasm = instance.exports ;"],
    "an export reached by a computed name": ["wasm.twice();", 'wasm["twice"]();'],
    "an export reached past `wasm`": ["wasm.twice();", "wasmInstance.exports.twice();"],
    "an export the module does not have": ["wasm.twice();", "wasm.thrice();"],
    "an import the module does not have": ["        __wbindgen_init_externref_table:", "        __wbg_extra_0123456789abcdef: function() {},\n        __wbindgen_init_externref_table:"],
    "an import written another way": ["        __wbg_now_463ac581d2fc7ea3: function", "        __wbg_now_463ac581d2fc7ea3(): function"],
    "the imports object named otherwise": ["const import0 = {", "const imports0 = {"],
    "the old instance's check worded otherwise": ["from previous WASM instance", "from a previous WASM instance"],
    "a name the guard adds already taken": ["let __wbg_instance_id = 0;", "let __wbg_instance_id = 0;\nfunction guard() {}"],
  };
  for (const [what, [from, to]] of Object.entries(changes)) {
    assert.equal(GLUE.split(from).length, 2, what);
    const { status, stderr } = shrink({ glue: GLUE.replace(from, to) });
    assert.equal(status, 1, `${what}: ${stderr}`);
    assert.match(stderr, new RegExp(`written for the glue of wasm-bindgen ${LOCKED}: check it against`), what);
  }
});
