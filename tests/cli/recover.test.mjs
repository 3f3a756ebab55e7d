// The command line finds a paid job whose submit's answer was lost (issue 28): `--resume <client
// request id>` looks it up in the simulator's usage logs, follows it and saves its video, with no
// new POST; an id the logs do not list ends not_found (exit 6) with the command to look again; the
// line after a lost submit or Ctrl-C names the exact command, which works as printed.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { startSim } from "../../sim/server.mjs";
import { resumeKind } from "../../cli/args.js";
import { root, KEY, outputs, removeFolders, tag, simTools, cli, onlyJson, files } from "./harness.mjs";

const SAMPLE = readFileSync(path.join(root, "sim/media/sample.mp4"));
const FAST = ["--poll-interval", "0.1"];
const T2V = "google/veo-3.1-t2v";
const JOB_MS = 300;

let sim;
let simUrl;
let simLog;
before(async () => {
  sim = await startSim({ jobMs: JOB_MS });
  ({ simUrl, simLog } = simTools(sim));
});
after(async () => {
  await sim?.close();
  removeFolders();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const posts = async (t) => (await simLog(t)).filter((q) => q.method === "POST");
/** A submit sent as another program would, with its own client request id; resolves the job's id. */
async function submit(t, clientRequestId) {
  const res = await fetch(`${simUrl(t)}/v2/video/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEY}`, "x-client-request-id": clientRequestId },
    body: JSON.stringify({ model: T2V, prompt: "A heron" }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).id;
}
/** The arguments of the indented command under `lead` in a run's stderr (its words have no quotes here). */
function printed(stderr, lead) {
  const at = stderr.indexOf(`${lead}\n  `);
  assert.ok(at >= 0, `"${lead}" and a command under it: ${stderr}`);
  const words = stderr.slice(at + lead.length + 3).split("\n")[0].split(" ");
  assert.equal(words[0], "aimlapi-video");
  return words.slice(1);
}

test("--resume tells a generation id (its model has a /) from a client request id (which cannot)", () => {
  assert.equal(resumeKind("dfb91aa0-6c60-4078-b3b5-73142ba4d853:google/veo-3.1-i2v"), "generationId");
  assert.equal(resumeKind("dfb91aa0-6c60-4078-b3b5-73142ba4d853"), "clientRequestId");
  assert.equal(resumeKind("my.batch:42_take-3"), "clientRequestId");
  assert.equal(resumeKind("x".repeat(128)), "clientRequestId");
  assert.equal(resumeKind("x".repeat(129)), "generationId", "too long to be a client request id");
  assert.equal(resumeKind("with space"), "generationId", "outside the client request id's alphabet");
});

describe("--resume <client request id>", { concurrency: 4 }, () => {
  test("finds the job another program submitted under its own id, saves its video, sends no POST", async () => {
    const t = tag("crid-found");
    const crid = `my.batch:42_${randomUUID().slice(0, 8)}`;
    const id = await submit(t, crid);
    await sleep(JOB_MS + 200); // the logs list a job once it has ended
    const r = await cli(["--resume", crid, "-m", T2V, "-o", "heron.mp4", "--json", "--timeout", "20", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`found job ${id}\n`), r.stderr);
    assert.doesNotMatch(r.stderr, /another job/);
    const out = onlyJson(r.stdout);
    assert.equal(out.id, id);
    assert.equal(out.clientRequestId, crid);
    assert.deepEqual(out.duplicates, []);
    assert.ok(readFileSync(path.join(r.cwd, "heron.mp4")).equals(SAMPLE));

    const log = await simLog(t);
    assert.equal(log.filter((q) => q.method === "POST").length, 1, "the one POST is the program's own");
    const reads = log.filter((q) => q.route === "logs");
    assert.ok(reads.length >= 1, "the usage logs were read");
    for (const q of reads) {
      assert.ok(q.hasAuthorization, "with the key");
      assert.ok(q.query.some(([k, v]) => k === "model" && v === T2V), "for -m's model");
    }
    assert.ok(log.filter((q) => q.route === "generations" && q.method === "GET").every((q) => q.generationId === id), "then the job found was followed");
  });

  test("two jobs under one id: the oldest is followed, the other reported as charged too", async () => {
    const t = tag("crid-dup");
    const crid = randomUUID();
    const first = await submit(t, crid);
    await sleep(5);
    const second = await submit(t, crid);
    await sleep(JOB_MS + 200);
    const r = await cli(["--resume", crid, "-m", T2V, "-q", "--json", "--timeout", "20", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`another job under the same client request id, charged too: ${second}\n`), r.stderr);
    assert.doesNotMatch(r.stderr, /found job/, "-q leaves that out, not the second charge");
    const out = onlyJson(r.stdout);
    assert.equal(out.id, first);
    assert.deepEqual(out.duplicates, [second]);
    assert.equal((await posts(t)).length, 2, "the two POSTs of the test, none more");
  });

  test("an id the logs do not list: not_found, exit 6, what that proves, the command to look again; no POST", async () => {
    const t = tag("crid-unknown");
    const crid = randomUUID();
    const started = Date.now();
    const [r, j] = await Promise.all([
      cli(["--resume", crid, "-m", T2V, "--timeout", "1", "-o", "later.mp4", "--base-url", simUrl(t), ...FAST]),
      cli(["--resume", crid, "--timeout", "1", "--json", "--base-url", simUrl(t), ...FAST]),
    ]);
    assert.ok(Date.now() - started < 10000, "within the short --timeout");
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, new RegExp(`No job with this clientRequestId was found in the usage logs of google/veo-3\\.1-t2v before the deadline \\(--timeout\\)\\. That does not prove nothing was charged[^\\n]* Look again later with --resume \\(the command below\\)\\. \\[not_found\\]\\n`));
    assert.doesNotMatch(r.stderr, /recoverGeneration/, "the package's words for programs are the command line's");
    assert.deepEqual(printed(r.stderr, "To look for the job again:"), ["--resume", crid, "-m", T2V, "--base-url", simUrl(t), "-o", "later.mp4"]);
    assert.deepEqual(files(r.cwd), []);

    assert.equal(j.code, 6, j.stderr);
    const { error } = onlyJson(j.stdout);
    assert.equal(error.code, "not_found");
    assert.equal(error.clientRequestId, crid);
    assert.match(error.message, /usage logs of google\/veo-3\.1-i2v/, "no -m: the package's default model");

    const log = await simLog(t);
    assert.deepEqual(log.filter((q) => q.method === "POST"), []);
    assert.ok(log.filter((q) => q.route === "logs").length >= 2, "each run read the logs");
  });

  test("-m goes with a client request id, not with a generation id", async () => {
    const t = tag("crid-flags");
    const [withModel, withPrompt] = await Promise.all([
      cli(["--resume", `${randomUUID()}:${T2V}`, "-m", T2V, "--base-url", simUrl(t)]),
      cli(["A heron", "--resume", randomUUID(), "--base-url", simUrl(t)]),
    ]);
    assert.equal(withModel.code, 2);
    assert.match(withModel.stderr, /takes no --model \(the generation id names its model; -m goes with a client request id\)/);
    assert.equal(withPrompt.code, 2);
    assert.match(withPrompt.stderr, /takes no prompt/);
    assert.deepEqual(await simLog(t), [], "nothing sent");
  });
});

describe("the command printed after a lost submit", { concurrency: 4 }, () => {
  test("Ctrl-C while the submit is held: the printed command, run as printed, finds the job and saves it; one POST", async () => {
    const t = tag("crid-sigint");
    const base = simUrl(t, "slow=1500");
    const r = await cli(["A heron", "-m", T2V, "-o", "heron.mp4", "--base-url", base, ...FAST], {
      until: (stderr) => /submitting \(client request id /.test(stderr),
    });
    assert.equal(r.code, 130, r.stderr);
    const [post] = await posts(t);
    const crid = post.clientRequestId;
    assert.ok(r.stderr.includes(`It stopped while the submit was on its way: the job may exist; its client request id is ${crid}\n`), r.stderr);
    const args = printed(r.stderr, "To find it in the usage logs and save its video (nothing is submitted again):");
    assert.deepEqual(args.slice(0, 4), ["--resume", crid, "-m", T2V]);
    assert.equal(args[4], "--submitted-at");
    const from = Number(args[5]);
    assert.ok(from <= Date.now() - 9 * 60_000 && from > Date.now() - 11 * 60_000, "the submit's moment, less the clock's slack");
    assert.deepEqual(args.slice(6), ["--base-url", base, "-o", "heron.mp4"]);

    await sleep(1500 + JOB_MS + 300); // the held submit made its job, which has ended
    const again = await cli([...args, ...FAST], { cwd: r.cwd });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /found job \S+:google\/veo-3\.1-t2v\n/);
    assert.ok(again.stderr.trimEnd().endsWith(`Client request id: ${crid}`), again.stderr);
    assert.ok(readFileSync(path.join(r.cwd, "heron.mp4")).equals(SAMPLE));
    assert.equal((await posts(t)).length, 1, "the interrupted submit's, and none from the resume");
  });

  test("an answer lost and logs this key may not read: the command to run once they can be; it finds the job", async () => {
    const t = tag("crid-drop");
    const r = await cli(["A heron", "-m", T2V, "--timeout", "15", "--json", "--base-url", simUrl(t, "created=drop,logs=401"), ...FAST]);
    assert.equal(r.code, 6, r.stderr);
    const [post] = await posts(t);
    const crid = post.clientRequestId;
    assert.equal(onlyJson(r.stdout).error.clientRequestId, crid);
    assert.match(r.stderr, /The usage logs could not be read \(HTTP 401\), so the job could not be looked up by its client request id: try --resume \(the command below\) later, or with a key that may read them\. \[network_error\]\n/);
    assert.ok(r.stderr.includes(`The submit was sent but no job id came back: the job may exist; its client request id is ${crid}\n`), r.stderr);
    const args = printed(r.stderr, "To find it in the usage logs and save its video (nothing is submitted again):");
    assert.deepEqual(args.slice(0, 4), ["--resume", crid, "-m", T2V]);
    assert.deepEqual(args.slice(6), ["--base-url", simUrl(t, "created=drop,logs=401")], "no -o given: none printed");

    // The same command where the logs can be read.
    args[7] = simUrl(t);
    const again = await cli([...args, "--json", ...FAST], { cwd: r.cwd });
    assert.equal(again.code, 0, again.stderr);
    const out = onlyJson(again.stdout);
    assert.equal(out.clientRequestId, crid);
    assert.equal(out.id, (await simLog(t)).find((q) => q.route === "generations" && q.method === "GET").generationId);
    assert.deepEqual(files(r.cwd), [`${out.id.split(":")[0]}.mp4`]);
    assert.equal((await posts(t)).length, 1, "one POST in all");
  });
});

test("no output of these runs holds the key", () => {
  assert.ok(outputs.length >= 8);
  for (const { args, stdout, stderr } of outputs) assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), args.join(" "));
});
