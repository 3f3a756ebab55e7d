// `npm run bench`: bytes shipped, cold start, poll efficiency, memory and concurrency, each with
// its median over several runs. Prints one table and writes bench-results/latest.json.
// Timings are noisy on shared machines: read the medians and the ratios, not single numbers.
// BENCH_QUICK=1 skips the one real-time run of the default schedule (about 90 s) and shortens the
// proxy's runs (bench/proxy.mjs).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { setUp, simLog } from "../tests/e2e/harness.mjs";
import { proxyBench } from "./proxy.mjs";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
const out = {};
const row = (section, what, value, note = "") => rows.push({ section, what, value, note });

// 1. Bytes shipped -------------------------------------------------------------------------
const files = ["dist/index.js"]; // the module is inside the entry
out.bytes = {};
let gzTotal = 0;
for (const f of files) {
  const data = await readFile(f);
  const gz = gzipSync(data, { level: 9 }).length;
  gzTotal += gz;
  out.bytes[f] = { raw: data.length, gzip: gz };
  row("bytes", f, `${kb(data.length)} raw, ${kb(gz)} gzip -9`);
}
out.bytes.gzipTotal = gzTotal;
row("bytes", "total a page downloads", `${kb(gzTotal)} gzip -9`, "budget: see size-budget.json");
// What features cost, each measured (gzip -9 of the entry before and after) in the commit that added it.
const budget = JSON.parse(await readFile("size-budget.json", "utf8"));
for (const f of budget.features ?? []) row("bytes", `  of which ${f.what}`, `${(f.gzipBytes / 1024).toFixed(1)} KB`, "measured when it was added");

// 3a. Poll efficiency on a virtual clock (pure Rust, the real state machine) -----------------
const lines = execFileSync("cargo", ["run", "--quiet", "--release", "--example", "poll_bench"], { encoding: "utf8" })
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
out.poll = {};
// Per tier: jobs that start generating at once and last the tier's window ("typical"), jobs that
// first wait in a queue of 1 to 200 s that the API reports ("queue"), and, for the full tier, jobs
// of 30 to 300 s that say "generating" throughout ("blind": nothing tells a queue from a slow job).
const LABELS = { typical: "generating at once", queue: "after a reported queue of 1–200 s", blind: "30–300 s, no queue reported" };
for (const key of Object.keys(lines[0]).filter((k) => k !== "seed")) {
  const pick = (who, k) => median(lines.map((l) => l[key][who][k]));
  const lib = { meanLagMs: pick("library", "meanLagMs"), p95LagMs: pick("library", "p95LagMs"), requestsPerJob: pick("library", "requestsPerJob") };
  const ven = { meanLagMs: pick("vendorLoop", "meanLagMs"), p95LagMs: pick("vendorLoop", "p95LagMs"), requestsPerJob: pick("vendorLoop", "requestsPerJob") };
  out.poll[key] = { window: lines[0][key].window, library: lib, vendorLoop: ven };
  const [tier, scenario] = key.split("/");
  const [lo, hi] = lines[0][key].window.map((ms) => Math.round(ms / 1000));
  const label = `${tier} (${lo}–${hi} s), ${LABELS[scenario]}`;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  row("poll", label, `lag mean ${s(lib.meanLagMs)}, p95 ${s(lib.p95LagMs)}; ${lib.requestsPerJob.toFixed(2)} reads`, `the 10 s loop: ${s(ven.meanLagMs)}, ${s(ven.p95LagMs)}; ${ven.requestsPerJob.toFixed(2)} reads (ratios ${(lib.meanLagMs / ven.meanLagMs).toFixed(2)}, ${(lib.p95LagMs / ven.p95LagMs).toFixed(2)}, ${(lib.requestsPerJob / ven.requestsPerJob).toFixed(2)})`);
}

// 5. The proxy: its added latency, throughput and memory under Node and workerd (bench/proxy.mjs).
const proxy = await proxyBench({ quick: !!process.env.BENCH_QUICK });
for (const [what, value, note] of proxy.rows) row("proxy", what, value, note);
out.proxy = proxy.out;

const env = await setUp({ jobMs: 0 });
try {
  // 2. Cold start: the package's page, the same page importing an empty module file instead (what
  // the package adds to an app's page), and a page whose module imports nothing. Rotated, each in a
  // fresh context (nothing cached), so that all three see the same machine load.
  const pages = { pkg: "bench.html", empty: "bench-empty.html", bare: "bench-bare.html" };
  const cold = { pkg: [], empty: [], bare: [] };
  for (let i = 0; i < 15; i++) {
    for (const [which, file] of Object.entries(pages)) {
      const ctx = await env.browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${env.site}/www/${file}`);
      cold[which].push(await page.waitForFunction(() => window.readyAt).then((h) => h.jsonValue()));
      await ctx.close();
    }
  }
  const over = (base) => median(cold.pkg.map((t, i) => t - cold[base][i]));
  out.start = { pkgMs: median(cold.pkg), emptyModuleMs: median(cold.empty), noModuleFileMs: median(cold.bare), overEmptyModuleMs: over("empty"), overNoModuleFileMs: over("bare") };
  row("start", "page load → init() resolved", `${out.start.pkgMs.toFixed(0)} ms`, `median of ${cold.pkg.length}, fresh context each`);
  row("start", "  the same page, an empty module imported instead", `${out.start.emptyModuleMs.toFixed(0)} ms`, `the package adds ${out.start.overEmptyModuleMs.toFixed(0)} ms (median of the pairs; goal ≤ 20)`);
  row("start", "  a page whose module imports nothing", `${out.start.noModuleFileMs.toFixed(0)} ms`, `the package adds ${out.start.overNoModuleFileMs.toFixed(0)} ms, one request included`);

  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${env.site}/www/blank.html`);
  const cdp = await ctx.newCDPSession(page);
  await page.evaluate(async () => {
    // The module's memory, caught as the entry instantiates it (its export names are minified).
    const Instance = WebAssembly.Instance;
    WebAssembly.Instance = function (module, imports) {
      window.wasmInstance = new Instance(module, imports);
      return window.wasmInstance;
    };
    window.lib = await import("/dist/index.js");
    await window.lib.init();
    WebAssembly.Instance = Instance;
  });
  const opts = (base) => ({ baseUrl: base, prompt: "p", imageUrl: "https://x/y.png", pollIntervalMs: 1 });

  // 4. Memory after sequential generations ---------------------------------------------------
  async function memoryAfter(n) {
    await page.evaluate(async ({ n, o }) => {
      for (let i = 0; i < n; i++) await window.lib.generateVideo(o);
    }, { n, o: opts(`${env.sim}/f/dur=0`) });
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    // The module's exports have minified names (scripts/build.sh): find the memory by its type.
    const wasm = await page.evaluate(
      () => Object.values(window.wasmInstance.exports).find((v) => v instanceof WebAssembly.Memory).buffer.byteLength,
    );
    return { jsHeapUsed: heap.usedSize, wasmMemory: wasm };
  }
  const m10 = await memoryAfter(10);
  const m1000 = await memoryAfter(990); // 1,000 in all
  const m2000 = await memoryAfter(1000); // 2,000: a leak keeps growing, warm-up does not
  out.memory = { after10: m10, after1000: m1000, after2000: m2000 };
  row("memory", "JS heap after 10 / 1,000 / 2,000 generations", `${kb(m10.jsHeapUsed)} / ${kb(m1000.jsHeapUsed)} / ${kb(m2000.jsHeapUsed)}`, `after a forced GC; the second 1,000 added ${kb(m2000.jsHeapUsed - m1000.jsHeapUsed)}`);
  row("memory", "wasm memory after 10 / 1,000 / 2,000", `${kb(m10.wasmMemory)} / ${kb(m1000.wasmMemory)} / ${kb(m2000.wasmMemory)}`, "linear memory never shrinks; flat means no leak");

  // 4b. 200 concurrent vs one ------------------------------------------------------------------
  async function wall(n) {
    return page.evaluate(async ({ n, o }) => {
      const t = performance.now();
      const rs = await Promise.all(Array.from({ length: n }, () => window.lib.generateVideo(o)));
      if (rs.some((r) => r.status !== "completed")) throw new Error("not all completed");
      return performance.now() - t;
    }, { n, o: { ...opts(`${env.sim}/f/dur=200`), pollIntervalMs: 50 } });
  }
  const one = [], many = [];
  for (let i = 0; i < 3; i++) {
    one.push(await wall(1));
    many.push(await wall(200));
  }
  out.concurrency = { oneMs: median(one), twoHundredMs: median(many), ratio: median(many) / median(one) };
  row("concurrency", "200 concurrent vs 1 generation", `${out.concurrency.twoHundredMs.toFixed(0)} ms vs ${out.concurrency.oneMs.toFixed(0)} ms`, `ratio ${out.concurrency.ratio.toFixed(2)}; all 200 resolved`);

  // 3b. One real run: does the real code follow the schedule? -------------------------------------
  if (!process.env.BENCH_QUICK) {
    const tag = `bench-real-${Date.now()}`;
    const r = await page.evaluate(async (base) => {
      const x = await window.lib.generateVideo({ baseUrl: base, prompt: "p", imageUrl: "https://x/y.png" });
      return { polls: x.polls, elapsedMs: x.elapsedMs };
    }, `${env.sim}/t/${tag}/f/dur=88000`);
    const log = await simLog(env.sim, tag);
    const t0 = log[0].at;
    const reads = log.filter((e) => e.method === "GET").map((e) => (e.at - t0) / 1000);
    out.realRun = { jobMs: 88000, reads, polls: r.polls, lagMs: r.elapsedMs - 88000 };
    row("poll", "real run, 88 s job, default schedule", `reads at ${reads.map((s) => s.toFixed(1)).join(", ")} s`, `lag ${((r.elapsedMs - 88000) / 1000).toFixed(2)} s, ${r.polls} requests (expected ≈4, 44, 76, then every 2.5 s ±10%)`);
  }
  await ctx.close();
} finally {
  await env.close();
}

const w = Math.max(...rows.map((r) => r.what.length));
let section = "";
for (const r of rows) {
  if (r.section !== section) console.log(`\n[${(section = r.section)}]`);
  console.log(`  ${r.what.padEnd(w)}  ${r.value}${r.note ? `   (${r.note})` : ""}`);
}
await mkdir("bench-results", { recursive: true });
await writeFile("bench-results/latest.json", JSON.stringify({ at: new Date().toISOString(), ...out }, null, 2));
console.log("\nwritten: bench-results/latest.json");
