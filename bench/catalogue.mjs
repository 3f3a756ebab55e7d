// `npm run bench`, section "catalogue" (or on its own: `node bench/catalogue.mjs`): what 100
// estimateCost calls cost a page, in headless Chromium against the simulator on another origin, as
// the simulator's log counts the price list's reads: one full read (200) per model, then
// revalidations with If-None-Match (304); and how long an estimate takes (performance.now() in the
// page, around each call). The CORS preflights the If-None-Match header needs are not in the log
// (the simulator answers them before it records), nor counted here.
import { fileURLToPath } from "node:url";
import { setUp } from "../tests/e2e/harness.mjs";

const CALLS = 100;
// Four models of the family, and durations all four take.
const MODELS = ["google/veo-3.1-i2v", "google/veo-3.1-i2v-fast", "google/veo-3.1-t2v", "google/veo-3.1-t2v-fast"];
const DURATIONS = [4, 6, 8];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(2)} ms`;

/** Runs the 100 estimates in a fresh page of `env` (tests/e2e/harness.mjs's setUp); `{ rows, out }`. */
export async function catalogueBench(env) {
  const tag = `bench-catalogue-${Date.now()}`;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  let calls;
  try {
    await page.goto(`${env.site}/www/blank.html`);
    // One after another, round the models: what a page that prices a form as it is filled does.
    calls = await page.evaluate(
      async ({ baseUrl, models, durations, n }) => {
        const lib = await import("/dist/index.js");
        await lib.init();
        const out = [];
        for (let i = 0; i < n; i++) {
          const model = models[i % models.length];
          const t = performance.now();
          const q = await lib.estimateCost({ baseUrl, model, duration: durations[i % durations.length] });
          out.push({ model, ms: performance.now() - t, usd: q.usd });
        }
        return out;
      },
      { baseUrl: `${env.sim}/t/${tag}`, models: MODELS, durations: DURATIONS, n: CALLS },
    );
  } finally {
    await context.close();
  }
  const priced = calls.filter((c) => typeof c.usd === "number").length;
  if (priced !== CALLS) throw new Error(`catalogue bench: ${CALLS - priced} of ${CALLS} estimates gave no price`);

  const log = (await (await fetch(`${env.sim}/__sim/log?tag=${tag}`)).json()).filter((e) => e.route === "models");
  const modelOf = (e) => new URLSearchParams(e.search).get("id");
  const perModel = Object.fromEntries(MODELS.map((m) => [m, { full: 0, revalidated: 0 }]));
  const other = [];
  for (const e of log.filter((e) => e.method === "GET")) {
    const m = perModel[modelOf(e)];
    if (m && e.status === 200) m.full++;
    else if (m && e.status === 304) m.revalidated++;
    else other.push(`${e.status} ${e.search}`);
  }
  const full = Object.values(perModel).reduce((n, m) => n + m.full, 0);
  const revalidated = Object.values(perModel).reduce((n, m) => n + m.revalidated, 0);

  // The first call of each model read the whole list; the others could revalidate.
  const firsts = MODELS.map((m) => calls.findIndex((c) => c.model === m));
  const firstMs = firsts.map((i) => calls[i].ms);
  const laterMs = calls.filter((_, i) => !firsts.includes(i)).map((c) => c.ms);
  const all = calls.map((c) => c.ms);
  const p95 = [...all].sort((a, b) => a - b)[Math.ceil(all.length * 0.95) - 1];

  const out = { calls: CALLS, models: MODELS, perModel, full, revalidated, other, medianMs: median(all), p95Ms: p95, firstReadMedianMs: median(firstMs), revalidatedMedianMs: median(laterMs) };
  const perText = MODELS.map((m) => `${perModel[m].full}`).join(" / ");
  const rows = [
    [`${CALLS} estimates over ${MODELS.length} models, one page: full reads (200)`, `${full} (${perText} per model)`, `goal: one per model${full === MODELS.length ? ", met" : ", MISSED"}`],
    ["  revalidations (If-None-Match → 304)", `${revalidated}`, `of ${CALLS - MODELS.length} that could be${other.length ? `; other answers: ${other.join(", ")}` : ""}`],
    ["  time of an estimate", `median ${ms(out.medianMs)}, p95 ${ms(p95)}`, `a model's first read ${ms(out.firstReadMedianMs)}, a revalidated one ${ms(out.revalidatedMedianMs)} (medians; the local simulator, no network)`],
  ];
  return { rows, out };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = await setUp({ jobMs: 0 });
  try {
    const { rows, out } = await catalogueBench(env);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [what, value, note] of rows) console.log(`  ${what.padEnd(w)}  ${value}${note ? `   (${note})` : ""}`);
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await env.close();
  }
}
