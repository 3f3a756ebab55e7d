// The consumer matrix: the packed tarball (not the working tree) installed into small apps, each
// built or served by its tool and running one generation against the simulator in headless
// Chromium (or in Node, Bun and Deno). The apps are in apps.mjs.
//   PACKAGE_TGZ=<tarball> node --test tests/consumers/   (scripts/test.sh packs it first)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apps } from "./apps.mjs";
import { makeApp, run, tgz, tool } from "./install.mjs";
import { freePort, launch, simLog } from "../e2e/harness.mjs";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
let sim, browser;

before(async () => {
  assert.ok(tgz, "PACKAGE_TGZ must name the packed tarball (scripts/test.sh sets it)");
  sim = await startSim({ jobMs: 300 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await sim?.close();
});

/** Starts a dev server and waits until it answers; returns its URL and how to stop it. */
async function startDev(app, dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [tool(app.dev), "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: dir, stdio: "pipe", detached: true });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${app.dev} exited:\n${output}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return { url, close: () => process.kill(-child.pid), output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(-child.pid);
  throw new Error(`${app.dev} did not answer:\n${output}`);
}

/** Opens the app's page, waits for its generation, and returns what it reported and fetched. */
async function runPage(url, tag) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasm = [];
  const failed = [];
  const problems = [];
  context.on("response", (r) => {
    if (r.url().includes(".wasm")) wasm.push(`${r.status()} ${r.headers()["content-type"]} ${r.url()}`);
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  try {
    await page.goto(`${url}/?sim=${encodeURIComponent(`${sim.url}/t/${tag}`)}`);
    await page.waitForFunction(() => window.done, null, { timeout: 30_000 });
    return { done: await page.evaluate(() => window.done), wasm, failed, problems };
  } catch (e) {
    throw new Error(`${e.message}\nwasm: ${wasm.join("; ")}\nfailed: ${failed.join("; ")}\nerrors: ${problems.join("; ")}`);
  } finally {
    await context.close();
  }
}

for (const app of apps) {
  test(`${app.tool}: one generation with the packed package`, async () => {
    const dir = await makeApp(app);
    const tag = `consumer-${app.name}-${Date.now()}`;
    if (app.runtime) {
      const [cmd, ...args] = app.runtime;
      const out = JSON.parse((await run(cmd, [...args, `${sim.url}/t/${tag}`], dir)).trim().split("\n").at(-1));
      assert.deepEqual(out.video, { status: "completed", videoUrl: `${sim.url}/media/sample.mp4` });
      const coded = (name, code) => ({ isError: true, ours: true, name, code, keyInMessage: false });
      assert.deepEqual(out.errors, {
        unauthorized: coded("AimlApiError", "unauthorized"),
        invalid: coded("AimlApiError", "invalid_request"),
        aborted: coded("AbortError", "aborted"),
      });
    } else {
      if (app.build) await run(app.build[0], app.build.slice(1), dir);
      const server = app.dev
        ? await startDev(app, dir)
        : await startStatic({ root: path.join(dir, app.serve), allowed: [/^\/(?!\.)/], index: "/" });
      try {
        const r = await runPage(server.url, tag);
        assert.deepEqual(r.done, { ok: true, status: "completed", videoUrl: `${sim.url}/media/sample.mp4`, ...(app.inWorker && { inWorker: true }) });
        assert.deepEqual(r.problems, [], "errors on the page");
        // The .wasm is inside the entry: no request for it, unless the app asked for the file.
        assert.equal(r.wasm.length, app.wasmRequests ?? 0, `requests for the .wasm: ${r.wasm.join("; ")}`);
        if (app.wasmRequests) assert.match(r.wasm.at(-1), /^200 application\/wasm /);
        assert.deepEqual(r.failed, [], "failed requests");
      } finally {
        await server.close();
      }
    }
    const log = await simLog(sim.url, tag);
    // A browser app submits once; a server app also once more with the wrong key (the invalid and the
    // aborted calls send nothing).
    assert.equal(log.filter((e) => e.method === "POST").length, app.runtime ? 2 : 1, "submits");
  });
}

test("the README shows exactly the config the matrix uses", async () => {
  const readme = await readFile(path.join(here, "../../README.md"), "utf8");
  for (const app of apps) {
    if (app.config) assert.ok(readme.includes(app.config), `README lacks ${app.name}'s config: ${app.config}`);
    for (const [file, text] of Object.entries(app.files)) {
      if (file.endsWith(".config.mjs")) assert.ok(readme.includes(text.trim()), `README lacks ${app.name}'s ${file}`);
    }
  }
});

// The published types, compiled in a TypeScript project that installed the tarball: TypeScript 7
// and 5.9, each with strict and exactOptionalPropertyTypes, under every module resolution a project
// uses, with the DOM lib, with @types/node instead, and with neither.
test("the types compile anywhere, and reject mistakes", async () => {
  const files = {};
  for (const f of ["types-usage.ts", "types-models.ts", "types-values.ts", "types-signal.ts"]) files[f] = await readFile(path.join(here, f), "utf8");
  const dir = await makeApp({ name: "types", files });
  const module = { bundler: "esnext", node16: "node16", nodenext: "nodenext" };
  const runs = [];
  for (const tsc of ["node_modules/typescript/bin/tsc", "node_modules/typescript5/bin/tsc"]) {
    for (const resolution of Object.keys(module)) {
      for (const env of ["neither", "dom", "node"]) {
        const compilerOptions = {
          noEmit: true, strict: true, exactOptionalPropertyTypes: true, target: "es2022",
          module: module[resolution], moduleResolution: resolution,
          lib: env === "dom" ? ["es2022", "dom"] : ["es2022"], types: env === "node" ? ["node"] : [],
        };
        const files = ["types-usage.ts", "types-models.ts", "types-values.ts", ...(env === "neither" ? [] : ["types-signal.ts"])];
        const name = `${tsc.split("/")[1]}, ${resolution}, ${env}`;
        const config = `tsconfig.${runs.length}.json`;
        await writeFile(path.join(dir, config), JSON.stringify({ compilerOptions, files }));
        runs.push(run(tsc, ["-p", config], dir).then(() => null, (e) => `${name}: ${e.message.slice(0, 800)}`));
      }
    }
  }
  const failures = (await Promise.all(runs)).filter(Boolean);
  assert.deepEqual(failures, []);
});

// The proxy's types with its snippets in the README and docs/PROXY.md (Next.js, Express, a Worker), as an app that
// has the DOM lib and @types/node, under TypeScript 7 and 5.9 and both module resolutions.
const SNIPPETS = ["next-route.ts", "express.ts", "worker.ts"];
test("the proxy's types and its documented snippets compile, and mistakes do not", async () => {
  const files = { "types-proxy.ts": await readFile(path.join(here, "types-proxy.ts"), "utf8") };
  for (const f of SNIPPETS) files[f] = await readFile(path.join(here, "../proxy/readme", f), "utf8");
  const dir = await makeApp({ name: "types-proxy", files });
  const runs = [];
  for (const tsc of ["node_modules/typescript/bin/tsc", "node_modules/typescript5/bin/tsc"]) {
    for (const [resolution, module] of [["bundler", "esnext"], ["nodenext", "nodenext"]]) {
      const compilerOptions = {
        noEmit: true, strict: true, exactOptionalPropertyTypes: true, target: "es2022", esModuleInterop: true,
        module, moduleResolution: resolution, lib: ["es2022", "dom"], types: ["node"],
      };
      const config = `tsconfig.${runs.length}.json`;
      await writeFile(path.join(dir, config), JSON.stringify({ compilerOptions, files: Object.keys(files) }));
      runs.push(run(tsc, ["-p", config], dir).then(() => null, (e) => `${tsc.split("/")[1]}, ${resolution}: ${e.message.slice(0, 800)}`));
    }
  }
  assert.deepEqual((await Promise.all(runs)).filter(Boolean), []);
});

// worker-quota.mjs is JavaScript: tests/proxy/quota.test.mjs runs it as it is, under workerd.
test("the README shows the <select> snippet as types-values.ts compiles it", async () => {
  const file = await readFile(path.join(here, "types-values.ts"), "utf8");
  const snippet = file.slice(file.indexOf("import {"), file.indexOf("// (end of the README's snippet)")).trim();
  assert.ok((await readFile(path.join(here, "../../README.md"), "utf8")).includes(snippet), `README lacks types-values.ts's snippet:\n${snippet}`);
});

test("docs/PROXY.md shows the proxy snippets exactly as they compile, and the quota Worker as it runs", async () => {
  const shown = { "docs/PROXY.md": ["next-route.ts", "express.ts", "worker.ts", "worker-quota.mjs"] };
  for (const [doc, snippets] of Object.entries(shown)) {
    const text = await readFile(path.join(here, "../..", doc), "utf8");
    for (const f of snippets) {
      const snippet = (await readFile(path.join(here, "../proxy/readme", f), "utf8")).trim();
      assert.ok(text.includes(snippet), `${doc} lacks tests/proxy/readme/${f} as it is`);
    }
  }
});
