// docs/PROXY.md's per-user quota (readme/worker-quota.mjs) under workerd, with its Durable Objects on
// disk (quota.capnp) and the simulator as the API: plain fetch from Node is the client, each user
// an email in the header that Cloudflare Access sets. The limit is lowered to 3 submits a day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSim } from "../../sim/server.mjs";
import { simLog } from "../e2e/harness.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WORKERD = path.join(repo, "tests/consumers/node_modules/.bin/workerd");
const KEY = "sk-quota-test-0123456789abcdef";
const LIMIT = 3;
const ORIGIN = "https://app.example"; // the Worker's allowedOrigins
const USER_HEADER = "cf-access-authenticated-user-email";
const API = "/v2/video/generations";

let sim;
const running = new Set(); // the workerd processes still alive
const dirs = []; // the temporary storage directories

/**
 * Starts workerd on quota.capnp with `store` as the Durable Objects' directory, the simulator
 * mounted at `/t/<tag>` as the API. Resolves with the two copies' URLs once both listen: workerd
 * reports each socket's port on --control-fd (port 0, so no port is guessed and none is raced for).
 */
async function startWorkerd(store, tag) {
  const args = ["serve", "tests/proxy/quota.capnp", "--directory-path", `store=${store}`, "--socket-addr", "http=127.0.0.1:0", "--socket-addr", "http-b=127.0.0.1:0", "--control-fd", "3"];
  const env = { ...process.env, AIMLAPI_API_KEY: KEY, AIMLAPI_UPSTREAM: `${sim.url}/t/${tag}`, SUBMITS_PER_DAY: String(LIMIT), NO_COLOR: "1" };
  const child = spawn(WORKERD, args, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve)).then(() => running.delete(child));
  const stop = () => (child.kill(), exited);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const ports = {};
  let control = "";
  const ready = new Promise((resolve) => {
    child.stdio[3].on("data", (d) => {
      control += d;
      for (const line of control.split("\n")) {
        const m = /^\{.*"event":"listen".*\}$/.test(line) && JSON.parse(line);
        if (m) ports[m.socket] = m.port;
      }
      if (ports.http && ports["http-b"]) resolve();
    });
  });
  const failed = exited.then(() => "exited");
  let timer;
  const late = new Promise((r) => (timer = setTimeout(r, 15000, "timeout")));
  const outcome = await Promise.race([ready.then(() => "ready"), failed, late]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    await stop();
    throw new Error(`workerd did not start (${outcome}):\n${output}`);
  }
  return { a: `http://127.0.0.1:${ports.http}`, b: `http://127.0.0.1:${ports["http-b"]}`, stop, output: () => output };
}

const headers = (user) => ({ origin: ORIGIN, ...(user === undefined ? {} : { [USER_HEADER]: user }) });
// Each user's prompt names them, so that the simulator's log tells whose submits reached it.
const prompt = (user) => `a cat for ${user}`;

/** A submit as the user, through `base`; resolves with the status, headers and parsed body. */
async function submit(base, user) {
  const r = await fetch(base + API, {
    method: "POST",
    headers: { ...headers(user), "content-type": "application/json" },
    body: JSON.stringify({ model: "google/veo-3.1-t2v-fast", prompt: prompt(user) }),
  });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

/** A status read of generation `id` as the user, through `base`. */
async function read(base, user, id) {
  const r = await fetch(`${base}${API}?generation_id=${encodeURIComponent(id)}`, { headers: headers(user) });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

/** The submits and status reads of `user` that reached the simulator under `tag`. */
async function reached(tag, user) {
  const log = await simLog(sim.url, tag);
  const posts = log.filter((e) => e.method === "POST" && e.body?.prompt === prompt(user));
  return { posts: posts.length, all: log };
}

/** Asserts that `r` is the quota's refusal: a 429 in the API's error shape, Retry-After up to the next UTC midnight. */
function assertQuotaRefusal(r) {
  assert.equal(r.status, 429, JSON.stringify(r.body));
  assert.match(r.headers.get("content-type"), /^application\/json\b/);
  assert.equal(typeof r.body.message, "string");
  assert.match(r.body.message, /quota/);
  assert.equal(r.body.path, API);
  assert.equal(r.body.statusCode, 429);
  assert.ok(Math.abs(Date.parse(r.body.timestamp) - Date.now()) < 60_000, `timestamp ${r.body.timestamp}`);
  const retryAfter = r.headers.get("retry-after");
  assert.match(retryAfter ?? "", /^\d+$/);
  const seconds = Number(retryAfter);
  assert.ok(seconds > 0 && seconds <= 86400, `Retry-After ${seconds}`);
  const untilMidnight = (new Date().setUTCHours(24, 0, 0, 0) - Date.now()) / 1000;
  assert.ok(Math.abs(seconds - untilMidnight) < 5, `Retry-After ${seconds}, ${untilMidnight} s to midnight UTC`);
  // The proxy added its CORS headers, so that a page can read the refusal and its Retry-After.
  assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(r.headers.get("access-control-expose-headers") ?? "", /retry-after/);
}

let store, first;
const TAG1 = `quota-${Date.now()}-1`;
const ids = []; // user A's generations

before(async () => {
  sim = await startSim({ jobMs: 200 });
  store = await mkdtemp(path.join(tmpdir(), "quota-store-"));
  dirs.push(store);
  first = await startWorkerd(store, TAG1);
});

after(async () => {
  await Promise.all([...running].map((child) => new Promise((r) => (child.once("exit", r), child.kill()))));
  await sim?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test("a user's submits reach the API up to the limit; status reads and preflights do not count; the next submit gets 429 and reaches nothing", async () => {
  const user = "a@app.example";
  for (let i = 0; i < 3; i++) {
    const r = await fetch(first.a + API, { method: "OPTIONS", headers: { ...headers(user), "access-control-request-method": "POST" } });
    assert.equal(r.status, 204);
  }
  const r1 = await submit(first.a, user);
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  ids.push(r1.body.id);
  for (let i = 0; i < 5; i++) {
    const r = await read(first.a, user, r1.body.id);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.id, r1.body.id);
  }
  // Had the preflights or the five reads counted, these would be refused.
  for (let i = 1; i < LIMIT; i++) {
    const r = await submit(first.a, user);
    assert.equal(r.status, 200, `submit ${i + 1}: ${JSON.stringify(r.body)}`);
    ids.push(r.body.id);
  }
  assert.equal(new Set(ids).size, LIMIT);
  assert.equal((await reached(TAG1, user)).posts, LIMIT);

  assertQuotaRefusal(await submit(first.a, user));
  assertQuotaRefusal(await submit(first.a, user));
  assert.equal((await reached(TAG1, user)).posts, LIMIT, "a refused submit reached the API");
});

test("after the quota is used up, the user's status reads still pass and reach the API", async () => {
  const user = "a@app.example";
  assert.equal(ids.length, LIMIT, "the first test ran");
  const before = (await reached(TAG1, user)).all.filter((e) => e.method === "GET").length;
  for (const id of ids) {
    const r = await read(first.a, user, id);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.id, id);
  }
  const reads = (await reached(TAG1, user)).all.filter((e) => e.method === "GET");
  assert.equal(reads.length, before + ids.length);
  assert.deepEqual(reads.slice(-ids.length).map((e) => e.generationId), ids);
  assertQuotaRefusal(await submit(first.a, user));
});

test("another user is unaffected; a request without the Access header gets 401 and reaches nothing", async () => {
  const user = "b@app.example";
  for (let i = 0; i < LIMIT; i++) {
    const r = await submit(first.a, user);
    assert.equal(r.status, 200, `B's submit ${i + 1}: ${JSON.stringify(r.body)}`);
  }
  assertQuotaRefusal(await submit(first.a, user));
  assert.equal((await reached(TAG1, user)).posts, LIMIT);

  const before = (await simLog(sim.url, TAG1)).length;
  for (const r of [await submit(first.a, undefined), await submit(first.a, ""), await read(first.a, undefined, ids[0])]) {
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.equal(r.body.statusCode, 401);
    assert.equal(r.body.path, API);
  }
  assert.equal((await simLog(sim.url, TAG1)).length, before, "an unauthorized request reached the API");
});

test("two copies of the Worker, each its own isolate and proxy, share one count, even for submits at once", async () => {
  // A, refused through the first copy, is refused through the second.
  assertQuotaRefusal(await submit(first.b, "a@app.example"));
  // C's submits alternate between the copies.
  const c = "c@app.example";
  for (const base of [first.a, first.b, first.a]) assert.equal((await submit(base, c)).status, 200);
  assertQuotaRefusal(await submit(first.b, c));
  assert.equal((await reached(TAG1, c)).posts, LIMIT);
  // D sends ten submits at once through both: exactly LIMIT pass, with no lost update.
  const d = "d@app.example";
  const all = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i % 2 ? first.b : first.a, d)));
  assert.equal(all.filter((r) => r.status === 200).length, LIMIT, JSON.stringify(all.map((r) => r.status)));
  for (const r of all.filter((r) => r.status !== 200)) assertQuotaRefusal(r);
  assert.equal((await reached(TAG1, d)).posts, LIMIT);
});

test("the count is on disk: it survives a restart of workerd with the same store, and only that store holds it", async () => {
  await first.stop();
  assert.ok((await readdir(path.join(store, "aimlapi-video-quota"))).some((f) => f.endsWith(".sqlite")), "the objects are on disk");
  const tag = `quota-${Date.now()}-2`;
  const again = await startWorkerd(store, tag);
  for (const user of ["a@app.example", "b@app.example", "c@app.example", "d@app.example"]) {
    assertQuotaRefusal(await submit(again.a, user));
    assertQuotaRefusal(await submit(again.b, user));
  }
  // A's reads still pass; a new user's submit passes: the new process reaches the API.
  assert.equal((await read(again.a, "a@app.example", ids[0])).status, 200);
  assert.equal((await submit(again.b, "e@app.example")).status, 200);
  const log = await simLog(sim.url, tag);
  assert.deepEqual(
    log.filter((e) => e.method === "POST").map((e) => e.body.prompt),
    [prompt("e@app.example")],
  );
  await again.stop();

  // With an empty store, the same A passes again: what refused A was the stored count.
  const empty = await mkdtemp(path.join(tmpdir(), "quota-store-"));
  dirs.push(empty);
  const fresh = await startWorkerd(empty, `quota-${Date.now()}-3`);
  assert.equal((await submit(fresh.a, "a@app.example")).status, 200);
  await fresh.stop();
});
