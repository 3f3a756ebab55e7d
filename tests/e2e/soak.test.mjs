// A fault soak and a fuzz of status answers, through the built package in Node against the
// simulator. Soak: hundreds of jobs at once, each with random faults, each ending as its script
// says, with exactly one paid submit. Fuzz: hostile status bodies (sim/fuzz.mjs); every call
// settles with a result whose video URL is http(s), or with a coded Error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim } from "../../sim/server.mjs";
import { rng } from "../../sim/fuzz.mjs";
import { simLog } from "./harness.mjs";

let sim, pkg;
before(async () => {
  sim = await startSim();
  pkg = await import("../../dist/index.js");
});
after(() => sim.close());

const RETRIES = 2;
const KEY = "sk-soak-7Hq2mZ9xLw4";

// Each fault with how the job ends when it is the one that decides: a code, or "completed".
// `n` faults take a count; up to RETRIES failures in a row are retried away.
const ON_SUBMIT = [
  { f: "status=500", end: "server_error" },
  { f: "status=401", end: "unauthorized" },
  { f: "status=403", end: "forbidden" },
  { f: "submitdrop", end: "network_error" },
  { f: "noid", end: "bad_response" },
  // The body lost its id, but x-inference-id names the job: it is followed to its end.
  { f: "noidbody", end: "completed" },
  { f: "submit429", n: true, end: "rate_limited" },
];
const ON_POLL = [
  { f: "pollerr=503x", n: true, end: "server_error", ram: true },
  { f: "pollerr=429x", n: true, end: "rate_limited", ram: true },
  { f: "html", n: true, end: "server_error", ram: true },
  { f: "trunc", n: true, end: "bad_response" },
  { f: "drop", n: true, end: "network_error" },
];
const AT_END = [
  { f: "", end: "completed" },
  { f: "unknown", end: "completed" },
  { f: "echo", end: "completed" },
  { f: "fail", end: "generation_failed" },
  { f: "novideo", end: "bad_response" },
  { f: "badurl", end: "bad_response" },
  { f: "shape", end: "bad_response" },
  { f: "big=1100000", end: "bad_response" },
];

/** A random script: its faults, the outcome it must have, and how many submits it may send. */
function script(r, i) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const faults = [`dur=${50 + Math.floor(r() * 400)}`];
  let end = null;
  let submits = 1;
  const use = (fault) => {
    if (!fault.n) return faults.push(fault.f), fault.end;
    const count = 1 + Math.floor(r() * (RETRIES + 1)); // 1..RETRIES+1
    faults.push(fault.f.endsWith("x") ? `${fault.f}${count}` : `${fault.f}=${count}`);
    if (fault.ram) faults.push("ram=260");
    return count > RETRIES ? fault.end : null;
  };
  if (r() < 0.25) {
    const s = pick(ON_SUBMIT);
    end = use(s);
    if (s.f === "submit429") {
      submits = Number(/submit429=(\d)/.exec(faults.join())[1]) + (end ? 0 : 1);
      if (!faults.includes("ram=260")) faults.push("ram=260");
    }
  }
  if (!end && r() < 0.6) end = use(pick(ON_POLL));
  if (!end) end = use(pick(AT_END));
  return { tag: `soak-${i}-${Math.floor(r() * 1e9)}`, faults: faults.filter(Boolean).join(","), end, submits };
}

test("fault soak: 300 jobs at once, each ends as its script says, with one paid submit", async () => {
  const seed = Number(process.env.SOAK_SEED ?? Date.now() % 1e9);
  const r = rng(seed);
  const scripts = Array.from({ length: 300 }, (_, i) => script(r, i));
  const outcomes = await Promise.all(
    scripts.map((s) =>
      pkg
        .generateVideo({ apiKey: KEY, baseUrl: `${sim.url}/t/${s.tag}/f/${s.faults}`, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 100, maxRetries: RETRIES, timeoutMs: 30000 })
        .then((v) => ({ code: "completed", v }), (e) => ({ code: e.code, e, ours: pkg.isAimlApiError(e) })),
    ),
  );
  for (const [i, s] of scripts.entries()) {
    const o = outcomes[i];
    const where = `seed ${seed}, job ${i}, faults ${s.faults}`;
    assert.equal(o.code, s.end, `${where}: ${o.e?.message}`);
    if (o.v) assert.match(o.v.videoUrl, /^http:\/\/127\.0\.0\.1:\d+\/media\/sample\.mp4/, where);
    else assert.ok(o.ours, where);
    // Nothing of the key in what the page gets, even from the leaky server.
    assert.ok(!JSON.stringify(o.v ?? { m: o.e.message, r: o.e.requestId }).includes(KEY.slice(3, 11)), where);
    const posts = (await simLog(sim.url, s.tag)).filter((e) => e.method === "POST").length;
    assert.equal(posts, s.submits, `${where}: submits`);
  }
  const ends = {};
  for (const o of outcomes) ends[o.code] = (ends[o.code] ?? 0) + 1;
  console.log(`soak seed ${seed}:`, ends);
});

test("status-body fuzz: 300 hostile answers, every call settles, only http(s) videos come back", async () => {
  const first = Number(process.env.FUZZ_SEED ?? Date.now() % 1e6);
  const seeds = Array.from({ length: 300 }, (_, i) => first + i);
  const outcomes = await Promise.all(
    seeds.map((seed) => {
      const call = pkg.generateVideo({ baseUrl: `${sim.url}/f/dur=0,fuzz=${seed}`, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 100, maxRetries: 1, timeoutMs: 4000 });
      const late = new Promise((r) => setTimeout(() => r("unsettled"), 8000).unref());
      return Promise.race([call.then((v) => ({ v }), (e) => ({ e })), late]);
    }),
  );
  const tally = { videos: 0 };
  for (const [i, o] of outcomes.entries()) {
    const where = `fuzz seed ${seeds[i]}`;
    assert.notEqual(o, "unsettled", where);
    if (o.v) {
      assert.ok(["http:", "https:"].includes(new URL(o.v.videoUrl).protocol), `${where}: ${o.v.videoUrl}`);
      tally.videos++;
    } else {
      assert.ok(pkg.isAimlApiError(o.e), `${where}: ${o.e}`);
      tally[o.e.code] = (tally[o.e.code] ?? 0) + 1;
    }
  }
  console.log(`fuzz seeds ${first}..${first + 299}:`, tally);
});
