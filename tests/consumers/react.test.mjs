// aimlapi-video/react as a React app uses it: the packed tarball in a Vite + React 19 app, built,
// in headless Chromium against the simulator on another origin (a paid job that outlives reloads,
// StrictMode, cancel and unmount); the same hook server-rendered by Next.js 16 and by react-dom/server
// in Node; the README's example compiled under strict TypeScript.
//   PACKAGE_TGZ=<tarball> node --test tests/consumers/react.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeApp, run, tgz } from "./install.mjs";
import { NEXT_FILES, VITE_HTML, VITE_MAIN } from "./react-app.mjs";
import { launch, simLog } from "../e2e/harness.mjs";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";

// Jobs of 4 s, answered with Retry-After: 1 s: time to reload, cancel or unmount mid-job, and gaps
// between the package's events longer than a second.
const JOB_MS = 4000;
let sim, site, browser, dir;

before(async () => {
  assert.ok(tgz, "PACKAGE_TGZ must name the packed tarball (scripts/test.sh sets it)");
  sim = await startSim({ jobMs: JOB_MS });
  dir = await makeApp({ name: "react-vite", files: { "index.html": VITE_HTML, "src/main.js": VITE_MAIN } });
  await run("node_modules/vite/bin/vite.js", ["build", "--outDir", "out"], dir);
  site = await startStatic({ root: path.join(dir, "out"), allowed: [/^\/(?!\.)/], index: "/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await sim?.close();
});

let count = 0;
/** A fresh browser context (its own localStorage) and a simulator tag for one test. */
async function scene(faults = "") {
  const tag = `react-${Date.now()}-${count++}`;
  const context = await browser.newContext();
  const problems = [];
  const base = `${sim.url}/t/${tag}${faults && `/f/${faults}`}`;
  return {
    tag,
    context,
    problems,
    async open(query = "") {
      const page = await context.newPage();
      page.on("pageerror", (e) => problems.push(String(e)));
      await page.goto(`${site.url}/?sim=${encodeURIComponent(base)}${query}`);
      await page.waitForFunction(() => window.hook);
      return page;
    },
    posts: async () => (await simLog(sim.url, tag)).filter((e) => e.method === "POST"),
  };
}

const hook = (page) => page.evaluate(() => window.hook);
const when = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 60_000, polling: 50 });
const stored = (page, key) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
const idle = (ms) => new Promise((r) => setTimeout(r, ms));
/** The requests the page started after `at` (performance.now() on the page). */
const after_ = (page, at) => page.evaluate((t) => window.requests.filter((r) => r.at > t), at);
const VIDEO = () => `${sim.url}/media/sample.mp4`;

test("start gives the video and its cost, with progress moving at least once a second", async () => {
  const s = await scene();
  const page = await s.open();
  await page.click("#start");
  await when(page, () => window.hook.state === "done" || window.hook.state === "failed");
  const h = await hook(page);
  assert.equal(h.state, "done", JSON.stringify(h.error));
  assert.equal(h.result.videoUrl, VIDEO());
  assert.equal(typeof h.result.usdSpent, "number");
  assert.match(h.result.clientRequestId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(h.job, { ...h.job, id: h.result.id, clientRequestId: h.result.clientRequestId });
  // Every change of elapsedMs while the job ran: none more than a second after the one before.
  const moves = (await page.evaluate(() => window.moves)).filter((m) => m.state === "submitting" || m.state === "running");
  assert.ok(moves.at(-1).at - moves[0].at >= JOB_MS - 1000, `the job ran ${moves.at(-1).at - moves[0].at} ms`);
  for (let i = 1; i < moves.length; i++) {
    assert.ok(moves[i].at - moves[i - 1].at <= 1000, `progress stood still for ${Math.round(moves[i].at - moves[i - 1].at)} ms at ${moves[i - 1].elapsedMs}`);
    assert.ok(moves[i].elapsedMs >= moves[i - 1].elapsedMs, "elapsedMs went back");
  }
  assert.ok(moves.some((m) => m.expectedMs > 0), "an estimate");
  assert.equal((await s.posts()).length, 1);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test("StrictMode: start in an effect (run twice) and a double click send exactly one POST", async () => {
  const s = await scene();
  const page = await s.open("&strict&auto");
  await when(page, () => window.hook.state === "running");
  await page.dblclick("#start");
  await page.click("#start");
  await when(page, () => window.hook.state === "done");
  assert.equal((await s.posts()).length, 1);
  assert.equal((await page.evaluate(() => window.requests)).filter((r) => r.method === "POST").length, 1);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test("a reload mid-job under StrictMode resumes the same job, with no second POST, and the finished job leaves storage", async () => {
  const s = await scene();
  const page = await s.open("&persist=job&strict");
  await page.click("#start");
  await when(page, () => window.hook.state === "running");
  const { job } = await hook(page);
  assert.deepEqual(await stored(page, "job"), { v: 1, ...job });
  await page.reload();
  await page.waitForFunction(() => window.hook);
  // Picked up on mount: never "idle" while the job runs.
  await when(page, () => window.hook.state !== "idle");
  assert.equal((await hook(page)).state, "running");
  await when(page, () => window.hook.state === "done");
  const h = await hook(page);
  assert.equal(h.result.id, job.id);
  assert.equal(h.result.clientRequestId, job.clientRequestId);
  assert.equal(h.result.videoUrl, VIDEO());
  assert.equal((await s.posts()).length, 1);
  assert.equal(await stored(page, "job"), null);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test("a reload between the submit and its answer finds the job by its client request id", async () => {
  // The job is created, then the submit's answer is cut off: the page never learns its id.
  const s = await scene("created=drop");
  const page = await s.open("&persist=job&strict");
  await page.click("#start");
  await when(page, () => window.hook.job?.clientRequestId);
  for (let i = 0; i < 200 && (await s.posts()).every((p) => p.status === null); i++) await idle(50);
  const [post] = await s.posts();
  const before = await stored(page, "job");
  assert.equal(before.id, null);
  assert.equal(before.clientRequestId, post.clientRequestId);
  await page.reload();
  await page.waitForFunction(() => window.hook);
  await when(page, () => window.hook.state === "done" || window.hook.state === "failed");
  const h = await hook(page);
  assert.equal(h.state, "done", JSON.stringify(h.error));
  assert.equal(h.result.clientRequestId, post.clientRequestId);
  assert.equal(h.result.videoUrl, VIDEO());
  assert.equal((await s.posts()).length, 1);
  assert.equal(await stored(page, "job"), null);
  await s.context.close();
});

test("cancel leaves no request after it; the job stays stored, and resume() finishes it", async () => {
  const s = await scene();
  const page = await s.open("&persist=job");
  await page.click("#start");
  await when(page, () => window.hook.state === "running" && window.requests.some((r) => r.method === "GET"));
  await page.click("#cancel");
  const at = await page.evaluate(() => window.cancelledAt);
  const seen = (await simLog(sim.url, s.tag)).length;
  await idle(3000);
  assert.deepEqual(await after_(page, at), []);
  assert.equal((await simLog(sim.url, s.tag)).length, seen, "the simulator heard from the page after cancel");
  const h = await hook(page);
  assert.equal(h.state, "cancelled");
  assert.equal((await stored(page, "job")).id, h.job.id);
  await page.click("#resume");
  await when(page, () => window.hook.state === "done");
  assert.equal((await hook(page)).result.id, h.job.id);
  assert.equal((await s.posts()).length, 1);
  await s.context.close();
});

test("unmount stops every request and keeps the stored job; mounting again resumes it", async () => {
  const s = await scene();
  const page = await s.open("&persist=job");
  await page.click("#start");
  await when(page, () => window.hook.state === "running" && window.requests.some((r) => r.method === "GET"));
  const { job } = await hook(page);
  await page.click("#toggle");
  const at = await page.evaluate(() => window.unmountedAt);
  await idle(3000);
  assert.deepEqual(await after_(page, at), []);
  assert.deepEqual(await stored(page, "job"), { v: 1, ...job });
  await page.click("#toggle");
  await when(page, () => window.hook.state === "done");
  assert.equal((await hook(page)).result.id, job.id);
  assert.equal((await s.posts()).length, 1);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test("a storage that refuses the job stops the submit before it goes out", async () => {
  const s = await scene();
  const page = await s.open("&full");
  await page.click("#start");
  await when(page, () => window.hook.state === "failed");
  assert.match((await hook(page)).error.message, /could not be stored, so it was not sent \(QuotaExceededError\)/);
  assert.deepEqual((await page.evaluate(() => window.requests)).filter((r) => r.method === "POST"), []);
  assert.equal((await s.posts()).length, 0);
  await s.context.close();
});

test("two tabs: a start in the second follows the first's job, and tabs mounting at once only follow it", async () => {
  const s = await scene();
  const [a, b] = [await s.open("&persist=job"), await s.open("&persist=job")];
  await a.click("#start");
  await when(a, () => window.hook.state === "running");
  await b.click("#start");
  const [c, d] = await Promise.all([s.open("&persist=job"), s.open("&persist=job")]);
  for (const page of [a, b, c, d]) await when(page, () => window.hook.state === "done");
  const ids = await Promise.all([a, b, c, d].map(async (p) => (await hook(p)).result.id));
  assert.deepEqual(new Set(ids).size, 1);
  assert.equal((await s.posts()).length, 1);
  await s.context.close();
});

test("examples/react builds from the packed tarball and makes a video, once, under StrictMode", async () => {
  const s = await scene();
  const files = {};
  for (const f of ["index.html", "src/main.jsx", "src/App.jsx"]) files[f] = await readFile(new URL(`../../examples/react/${f}`, import.meta.url), "utf8");
  const example = await makeApp({ name: "react-example", files });
  await run("node_modules/vite/bin/vite.js", ["build", "--outDir", "out"], example, { VITE_AIMLAPI_BASE_URL: `${sim.url}/t/${s.tag}` });
  const served = await startStatic({ root: path.join(example, "out"), allowed: [/^\/(?!\.)/], index: "/" });
  try {
    const page = await s.context.newPage();
    page.on("pageerror", (e) => s.problems.push(String(e)));
    await page.goto(served.url);
    await page.click("text=Generate");
    await page.waitForSelector("figcaption", { timeout: 60_000 });
    assert.equal(await page.getAttribute("video", "src"), VIDEO());
    assert.match(await page.textContent("figcaption"), /^Cost: \$\d+\.\d\d$/);
    assert.equal((await s.posts()).length, 1);
    assert.deepEqual(s.problems, []);
  } finally {
    await served.close();
    await s.context.close();
  }
});

test("server rendering: react-dom/server in Node renders the hook idle, loads no WebAssembly, throws nothing", async () => {
  await writeFile(
    path.join(dir, "ssr.mjs"),
    `const compiled = [];
for (const f of ["compile", "instantiate", "compileStreaming", "instantiateStreaming"]) {
  const real = WebAssembly[f];
  WebAssembly[f] = (...a) => (compiled.push(f), real(...a));
}
const { createElement: h } = await import("react");
const { renderToString } = await import("react-dom/server");
const { useVideoGeneration } = await import("aimlapi-video/react");
function Video() {
  const g = useVideoGeneration({ persist: "job", baseUrl: "http://127.0.0.1:9" });
  return h("p", null, "state: " + g.state);
}
const html = renderToString(h(Video));
await new Promise((r) => setTimeout(r, 300));
console.log(JSON.stringify({ html, compiled }));
`,
  );
  const out = JSON.parse(await run("node", ["ssr.mjs"], dir));
  assert.deepEqual(out, { html: "<p>state: idle</p>", compiled: [] });
});

test("Next.js 16 builds the app and renders the page that uses the hook on the server", { timeout: 600_000 }, async () => {
  const next = await makeApp({ name: "react-next", files: NEXT_FILES });
  await run("node_modules/next/dist/bin/next", ["build"], next, { NEXT_TELEMETRY_DISABLED: "1" });
  const html = await readFile(path.join(next, ".next/server/app/index.html"), "utf8");
  assert.match(html, /state: (<!-- -->)?idle/);
});

test("the README's example is shown as it is and compiles under strict TypeScript", async () => {
  const files = ["react-video.tsx"];
  const snippet = await readFile(new URL("./readme/react-video.tsx", import.meta.url), "utf8");
  assert.ok((await readFile(new URL("../../README.md", import.meta.url), "utf8")).includes(snippet.trim()), "README lacks tests/consumers/readme/react-video.tsx as it is");
  const app = await makeApp({ name: "react-types", files: { [files[0]]: snippet } });
  const compilerOptions = { strict: true, noEmit: true, jsx: "react-jsx", module: "esnext", moduleResolution: "bundler", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false, types: [] };
  await writeFile(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
  for (const tsc of ["node_modules/typescript/bin/tsc", "node_modules/typescript5/bin/tsc"]) await run(tsc, ["-p", "tsconfig.json"], app);
});
