// `npm run bench`, section "recover" (or on its own: `node bench/recover.mjs`): what finding a
// lost answer's job costs. 20 generateVideo calls at once in a fresh headless Chromium page, each
// submit's connection cut after its job was created (the simulator's created=drop), each job
// within the model's window and its row listed after a different lag (logs=lag, 0–19 s); the
// package must find each by its client request id in GET /v2/logs. Measured from the simulator's
// log: the time from a row being listed (the submit's arrival + the job's length + the lag) to the
// promise resolving in the page, the logs reads a recovery spends, and the most reads the page made
// in any 60 s, against the route's 200 a minute and the package's own cap of 100.
import { fileURLToPath } from "node:url";
import { setUp } from "../tests/e2e/harness.mjs";

const N = 20;
// The family's shortest window (lite, 4 s, 720p: 17.9–22.4 s), so that the run takes a minute.
const MODEL = "google/veo-3-1-lite-generate-preview";
const WINDOW = [17_920, 22_400];
const ROUTE_PER_MINUTE = 200;
const PAGE_PER_MINUTE = 100;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Runs the 20 recoveries in a fresh page of `env` (tests/e2e/harness.mjs's setUp); `{ rows, out }`. */
export async function recoverBench(env) {
  const stamp = Date.now();
  // Job lengths spread across the window, lags from 0 to 19 s: rows listed 18–41 s after the submit.
  const jobs = Array.from({ length: N }, (_, i) => {
    const dur = Math.round(WINDOW[0] + ((WINDOW[1] - WINDOW[0]) * ((i * 7) % N)) / N);
    const lag = i * 1000;
    const tag = `bench-recover-${stamp}-${i}`;
    return { dur, lag, tag, baseUrl: `${env.sim}/t/${tag}/f/created=drop,dur=${dur},logs=lag:${lag}` };
  });
  const context = await env.browser.newContext();
  const page = await context.newPage();
  let seen;
  try {
    await page.goto(`${env.site}/www/blank.html`);
    // The package's own schedule (no pollIntervalMs), as an app would call it.
    seen = await page.evaluate(
      async ({ model, bases }) => {
        const lib = await import("/dist/index.js");
        await lib.init();
        return Promise.all(
          bases.map((baseUrl) =>
            lib.generateVideo({ baseUrl, model, prompt: "p", duration: 4, resolution: "720p", apiKey: "sk-bench", timeoutMs: 120_000 }).then(
              (r) => ({ id: r.id, at: Date.now() }),
              (e) => ({ error: `${e.code}: ${e.message}`, at: Date.now() }),
            ),
          ),
        );
      },
      { model: MODEL, bases: jobs.map((j) => j.baseUrl) },
    );
  } finally {
    await context.close();
  }
  const failed = seen.filter((r) => r.error);
  if (failed.length) throw new Error(`recover bench: ${failed.length} of ${N} not recovered: ${failed[0].error}`);

  const runs = [];
  for (const [i, j] of jobs.entries()) {
    const log = await (await fetch(`${env.sim}/__sim/log?tag=${j.tag}`)).json();
    const posts = log.filter((e) => e.method === "POST");
    if (posts.length !== 1) throw new Error(`recover bench: ${posts.length} POSTs for ${j.tag}`);
    const reads = log.filter((e) => e.route === "logs");
    // The simulator makes the job as the submit arrives (its log's `at`, to the millisecond).
    const listedAt = posts[0].at + j.dur + j.lag;
    const offset = (e) => e.query?.find(([k]) => k === "offset")?.[1];
    runs.push({ dur: j.dur, lag: j.lag, listedAfterSubmitMs: listedAt - posts[0].at, foundMs: seen[i].at - listedAt, reads: reads.length, laterPages: reads.filter((e) => offset(e) !== "0").length, readsAt: reads.map((e) => e.at), lookupsAfterSubmitMs: reads.map((e) => e.at - posts[0].at) });
  }
  // The most logs reads of the page in any 60 s (every recovery together).
  const all = runs.flatMap((r) => r.readsAt).sort((a, b) => a - b);
  const peak = Math.max(...all.map((t, i) => all.filter((u) => u >= t && u < t + 60_000).length));
  const laterPages = runs.reduce((n, r) => n + r.laterPages, 0);
  const found = runs.map((r) => r.foundMs);
  const reads = runs.map((r) => r.reads);
  const out = {
    recoveries: N,
    model: MODEL,
    foundMs: { mean: mean(found), median: median(found), worst: Math.max(...found), best: Math.min(...found) },
    readsPerRecovery: { mean: mean(reads), worst: Math.max(...reads) },
    peakReadsPer60s: peak,
    routeLimitPerMinute: ROUTE_PER_MINUTE,
    packageLimitPerMinute: PAGE_PER_MINUTE,
    runs: runs.map(({ readsAt, ...r }) => r),
  };
  const lookupTimes = [...new Set(runs.flatMap((r) => r.lookupsAfterSubmitMs.map((ms) => (ms / 1000).toFixed(0))))].sort((a, b) => a - b);
  const rows = [
    [`${N} lost answers (cut after creation), ${MODEL} 4 s 720p`, `all found, 1 POST each`, `jobs ${s(WINDOW[0])}–${s(WINDOW[1])}, rows listed after lags of 0–19 s (${s(Math.min(...runs.map((r) => r.listedAfterSubmitMs)))}–${s(Math.max(...runs.map((r) => r.listedAfterSubmitMs)))} after the submit)`],
    ["  row listed → promise resolved", `mean ${s(out.foundMs.mean)}, median ${s(out.foundMs.median)}, worst ${s(out.foundMs.worst)}`, `lookups ${lookupTimes.join(", ")} s after the submit: 3 s, the window's start, then every 15 s`],
    ["  logs reads per recovery", `mean ${out.readsPerRecovery.mean.toFixed(2)}, worst ${out.readsPerRecovery.worst}`, `each lookup reads up to 5 pages; ${laterPages} of the ${all.length} reads were of a later page`],
    ["  the page's most logs reads in 60 s", `${peak} (all ${N} at once)`, `the route allows ${ROUTE_PER_MINUTE} a minute; the package keeps a page to ${PAGE_PER_MINUTE}`],
  ];
  return { rows, out };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = await setUp({ jobMs: 0 });
  try {
    const { rows, out } = await recoverBench(env);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [what, value, note] of rows) console.log(`  ${what.padEnd(w)}  ${value}${note ? `   (${note})` : ""}`);
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await env.close();
  }
}
