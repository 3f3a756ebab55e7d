// Issue 28 "No paid job is ever lost", done-when, in Node and in Chromium, Firefox and WebKit
// (engines.mjs): the built package (dist/index.js; in a browser loaded by a page of one origin,
// calling the simulator on another) loses a submit's answer in each of the simulator's ways, and
// must find the job by its client request id in the usage logs, with exactly one POST each; then
// recoverGeneration, in a fresh page (in Node: another process), finds a job the first one gave
// up on. The calls are recover-page.mjs; the simulator's log says what was sent.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";
import { ENGINES, missing, openEngine } from "./engines.mjs";
import { recoverCalls } from "./recover-page.mjs";

// The family's shortest window (lite, 4 s, 720p: 17.9 s), so that the lookups after the first (at
// 3 s) come soon: the second at 17.9 s after the submit.
const MODEL = "google/veo-3-1-lite-generate-preview";
// The paged check's model: no other check's rows are listed with it.
const PAGED_MODEL = "veo-3.1-lite-generate-001";
const DUR = 1000; // a job's length: its row is listed by the first lookup, 3 s after the loss
const LAG = 3000; // past the first lookup: the row is found by the second
const NOISE = 250; // newer rows of other jobs: ours is row 251, on page 3 of 100
const CUT_TIMEOUT = 20_000;
const TIMEOUT = 60_000;
const KEY = "sk-page-28Rq";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PKG_FILE = new URL("../../dist/index.js", import.meta.url).href;
const stamp = Date.now();

let sim, site;
before(async () => {
  sim = await startSim({ jobMs: DUR });
  site = await startStatic();
});
after(async () => {
  await site?.close();
  await sim?.close();
});

/** Every request the simulator recorded for `tag` (preflights are answered before it records). */
async function log(tag) {
  return (await fetch(`${sim.url}/__sim/log?tag=${encodeURIComponent(tag)}`)).json();
}
const posts = (entries) => entries.filter((e) => e.method === "POST");
const lookups = (entries) => entries.filter((e) => e.route === "logs");
const statusReads = (entries) => entries.filter((e) => e.route === "generations" && e.method === "GET");
const param = (entry, name) => entry.query?.find(([k]) => k === name)?.[1];

/**
 * The row of `clientRequestId` in the simulator's logs of `model` since `from` (ms), read here
 * (untagged, so no check's count moves), with its place among the rows (newest first), or null.
 */
async function rowOf(model, clientRequestId, from) {
  for (let offset = 0; offset < 1000; offset += 100) {
    const q = new URLSearchParams({ model, start: new Date(from).toISOString(), end: new Date().toISOString(), limit: "100", offset: String(offset) });
    const page = await (await fetch(`${sim.url}/v2/logs?${q}`)).json();
    const i = page.data.findIndex((r) => r.client_request_id === clientRequestId);
    if (i >= 0) return { row: page.data[i], index: offset + i };
    if (!page.pagination.has_more) return null;
  }
  return null;
}

/** The tags and base URLs of `runtime`'s checks. */
function plan(runtime) {
  const faults = {
    drop: `created=drop,dur=${DUR}`,
    503: `created=503,dur=${DUR}`,
    paged: `created=drop,dur=${DUR},logs=noise:${NOISE}`,
    lag: `created=drop,dur=${DUR},logs=lag:${LAG}`,
    cut: "submitdrop",
    abandon: `created=drop,dur=${DUR}`,
  };
  const tags = {};
  const bases = {};
  for (const [name, f] of Object.entries(faults)) {
    tags[name] = `r-${runtime}-${name}-${stamp}`;
    bases[name] = `${sim.url}/t/${tags[name]}/f/${f}`;
  }
  return { tags, bases };
}

/** recoverGeneration in another Node process: a module instance that never saw the job. */
async function inAnotherProcess(arg) {
  const script = `const { recoverCalls } = await import(process.argv[1]); console.log(JSON.stringify(await recoverCalls(JSON.parse(process.argv[2]))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, import.meta.resolve("./recover-page.mjs"), JSON.stringify(arg)], { timeout: TIMEOUT + 10_000 });
  return JSON.parse(stdout);
}

/** Waits until the simulator lists the row of `clientRequestId` (what recoverGeneration then looks for). */
async function listed(model, clientRequestId, from) {
  for (let i = 0; i < 100; i++) {
    const found = await rowOf(model, clientRequestId, from);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the simulator never listed ${clientRequestId}`);
}

for (const runtime of ["node", ...ENGINES]) {
  const why = runtime === "node" ? null : missing(runtime);
  describe(`issue 28 in ${runtime}`, { skip: why ? `${runtime} skipped: ${why}` : false }, () => {
    let tags, bases, seen, again, timings;

    before(async () => {
      ({ tags, bases } = plan(runtime));
      const lost = { bases, model: MODEL, pagedModel: PAGED_MODEL, timeoutMs: TIMEOUT, cutTimeoutMs: CUT_TIMEOUT };
      const t0 = performance.now();
      const page = runtime === "node" ? null : await openEngine(runtime);
      try {
        const t1 = performance.now();
        const pkg = runtime === "node" ? PKG_FILE : `${site.url}/dist/index.js`;
        if (page) await page.goto(`${site.url}/www/blank.html`);
        seen = page ? await page.run(recoverCalls, { pkg, lost, apiKey: KEY }) : await recoverCalls({ pkg, lost, apiKey: KEY });
        const t2 = performance.now();
        // The abandoned job, once the logs list it: its id is known only by its client request id.
        const crid = seen.abandon.error?.clientRequestId;
        const post = posts(await log(tags.abandon))[0];
        if (crid && post) await listed(MODEL, crid, post.at - 1000);
        const t3 = performance.now();
        const recover = { clientRequestId: crid, model: MODEL, baseUrl: bases.abandon.replace(/\/f\/[^/]+$/, ""), timeoutMs: TIMEOUT };
        if (page) {
          // A new document: the module is evaluated anew, nothing of the first run is left.
          await page.goto(`${site.url}/www/blank.html?fresh`);
          again = await page.run(recoverCalls, { pkg, recover, apiKey: KEY });
        } else again = await inAnotherProcess({ pkg, recover, apiKey: KEY });
        const t4 = performance.now();
        const ms = (a, b) => `${Math.round(b - a)} ms`;
        timings = `start ${ms(t0, t1)}, lost-answer checks ${ms(t1, t2)}, waiting for the abandoned row ${ms(t2, t3)}, fresh recoverGeneration ${ms(t3, t4)}`;
      } finally {
        await page?.close();
      }
    });

    /**
     * The common proof of a recovery that ended in the video: one POST, lost as `postStatus` says
     * (null: the connection was cut); every lookup a 200 carrying the submit's client request id
     * and the key; the id followed is the logs row's; the status reads were of that id only; and
     * "recovering" came before the found job's "submitted". Returns the POST and the lookups.
     */
    async function recovered(name, { model = MODEL, postStatus = null } = {}) {
      const r = seen[name];
      assert.ok(r.ok, `${name}: ${JSON.stringify(r.error)}`);
      const entries = await log(tags[name]);
      const sent = posts(entries);
      assert.equal(sent.length, 1, `exactly one POST: ${JSON.stringify(sent.map((e) => [e.status, e.at]))}`);
      const [post] = sent;
      assert.equal(post.status, postStatus);
      assert.match(post.clientRequestId, UUID_V4);
      assert.equal(r.ok.clientRequestId, post.clientRequestId);
      assert.equal(r.ok.status, "completed");
      assert.match(r.ok.videoUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/media\/sample\.mp4$/);
      const looked = lookups(entries);
      assert.ok(looked.length >= 1, "the logs were read");
      for (const e of looked) {
        assert.deepEqual([e.method, e.status, e.clientRequestId, e.authorization], ["GET", 200, post.clientRequestId, `Bearer ${KEY}`]);
        assert.deepEqual([param(e, "model"), param(e, "limit")], [model, "100"]);
      }
      const found = await rowOf(model, post.clientRequestId, post.at - 1000);
      assert.ok(found, "the job is in the logs");
      assert.equal(r.ok.id, found.row.inference_id, "the id followed is the row's");
      const reads = statusReads(entries);
      assert.ok(reads.length >= 1);
      for (const e of reads) assert.equal(e.generationId, r.ok.id);
      assert.ok(looked.at(-1).at <= reads[0].at, "the job was followed once found");
      const types = r.events.map((e) => e.type);
      const recovering = types.indexOf("recovering");
      const submitted = r.events.findIndex((e) => e.type === "submitted");
      assert.ok(recovering >= 0 && submitted > recovering, types.join(", "));
      assert.equal(r.events[submitted].id, r.ok.id);
      for (const e of r.events) assert.equal(e.clientRequestId, post.clientRequestId);
      return { post, looked, found };
    }

    test("a connection cut after the job was created ends in the video", async (t) => {
      t.diagnostic(`${runtime}: ${timings}`);
      const { looked } = await recovered("drop");
      t.diagnostic(`${looked.length} lookup(s), resolved ${seen.drop.at - seen.drop.startedAt} ms after the call`);
    });

    test("a 503 although the job was created ends in the video", async () => {
      await recovered("503", { postStatus: 503 });
    });

    test("a row on page 3, under newer rows of other jobs, is found", async () => {
      const { looked, found } = await recovered("paged", { model: PAGED_MODEL });
      assert.equal(found.index, NOISE, "our row is the 251st, newest first");
      assert.deepEqual(looked.map((e) => param(e, "offset")), ["0", "100", "200"]);
    });

    test("a row that appears only after a lag is found by a later lookup", async (t) => {
      const { post, looked } = await recovered("lag");
      const listedAt = post.at + DUR + LAG;
      assert.ok(looked.length >= 2, `${looked.length} lookup(s)`);
      assert.ok(looked[0].at < listedAt, "the first lookup came before the row was listed");
      assert.ok(looked.at(-1).at >= listedAt, "the row was found once listed");
      t.diagnostic(`lookups at ${looked.map((e) => `${((e.at - post.at) / 1000).toFixed(1)} s`).join(", ")} after the submit; listed at ${((listedAt - post.at) / 1000).toFixed(1)} s; resolved at ${((seen.lag.at - post.at) / 1000).toFixed(1)} s`);
    });

    test("a connection cut before anything was created ends, by the deadline, in a coded rejection with the client request id", async (t) => {
      const r = seen.cut;
      assert.ok(r.error, `settled with a result: ${JSON.stringify(r.ok)}`);
      const entries = await log(tags.cut);
      const sent = posts(entries);
      assert.equal(sent.length, 1);
      assert.deepEqual([r.error.code, r.error.retryable, r.error.clientRequestId], ["network_error", false, sent[0].clientRequestId]);
      assert.match(sent[0].clientRequestId, UUID_V4);
      assert.match(r.error.message, /not found/);
      assert.match(r.error.message, /does not prove nothing was charged/);
      const took = r.at - r.startedAt;
      assert.ok(took <= CUT_TIMEOUT + 2000, `settled after ${took} ms, past the deadline of ${CUT_TIMEOUT}`);
      const looked = lookups(entries);
      assert.ok(looked.length >= 1, "the job was looked for");
      for (const e of looked) assert.equal(e.clientRequestId, sent[0].clientRequestId);
      assert.deepEqual(statusReads(entries), [], "no job was followed");
      t.diagnostic(`settled after ${took} ms, ${looked.length} lookup(s)`);
    });

    test("recoverGeneration in a fresh page finds a job whose caller gave up", async (t) => {
      const gaveUp = seen.abandon;
      assert.equal(gaveUp.error?.code, "aborted", JSON.stringify(gaveUp));
      const first = await log(tags.abandon);
      const [post] = posts(first);
      assert.equal(posts(first).length, 1);
      assert.equal(gaveUp.error.clientRequestId, post.clientRequestId, "the abort's error names the client request id, to be kept");
      assert.deepEqual(lookups(first).filter((e) => e.at < again.startedAt), [], "the first page gave up before any lookup");
      assert.ok(again.fresh, "a realm that never ran the first calls");
      assert.ok(again.ok, JSON.stringify(again.error));
      const { row } = await rowOf(MODEL, post.clientRequestId, post.at - 1000);
      assert.deepEqual([again.ok.id, again.ok.status, again.ok.clientRequestId, again.ok.duplicates], [row.inference_id, "succeeded", post.clientRequestId, []]);
      // The row's created time; the package reads it to the whole second (its ISO reader drops fractions).
      const off = Date.parse(row.created) - new Date(again.ok.submittedAt).getTime();
      assert.ok(off >= 0 && off < 1000, `submittedAt ${again.ok.submittedAt}, the row's created ${row.created}`);
      const entries = await log(tags.abandon);
      assert.equal(posts(entries).length, 1, "recoverGeneration sends no POST");
      const looked = lookups(entries);
      assert.equal(looked.length, 1, "found by the first lookup, the row being listed");
      assert.deepEqual([looked[0].clientRequestId, looked[0].authorization], [post.clientRequestId, `Bearer ${KEY}`]);
      t.diagnostic(`found in ${again.at - again.startedAt} ms`);
    });
  });
}
