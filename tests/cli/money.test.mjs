// The command line and money (issue 27) and the id of a paid submit (issue 28): the cost and the
// ids in the last lines and in --json, --max-usd and --estimate sending no POST, a job's several
// videos, and the client request id of a submit cut off by Ctrl-C or whose answer was lost; all
// against the simulator, whose log shows what reached it.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startSim } from "../../sim/server.mjs";
import { charge } from "../../sim/prices.mjs";
import { root, KEY, outputs, removeFolders, tag, simTools, cli, onlyJson, files } from "./harness.mjs";

const SAMPLE = readFileSync(path.join(root, "sim/media/sample.mp4"));
const FAST = ["--poll-interval", "0.1"];
const T2V = "google/veo-3.1-t2v";

let sim;
let simUrl;
let simLog;
before(async () => {
  sim = await startSim({ jobMs: 300 });
  ({ simUrl, simLog } = simTools(sim));
});
after(async () => {
  await sim?.close();
  removeFolders();
});

/** Dollars as the tests expect them for amounts of 10 cents and more. */
const usd = (n) => `$${n.toFixed(2)}`;
const posts = async (t) => (await simLog(t)).filter((q) => q.method === "POST");
const lastLines = (text, n) => text.trimEnd().split("\n").slice(-n);

describe("money and ids on the command line", { concurrency: 4 }, () => {
  test("after a video: its cost from the body, and from the headers alone, the generation and client request ids last", async () => {
    const [t1, t2, t3] = [tag("cost-body"), tag("cost-hdr"), tag("cost-none")];
    const [body, header, none] = await Promise.all([
      cli(["A heron", "-m", T2V, "-d", "4", "-o", "heron.mp4", "--base-url", simUrl(t1), ...FAST]),
      cli(["A heron", "-m", T2V, "-o", "heron.mp4", "--base-url", simUrl(t2, "usage=none"), ...FAST]),
      cli(["A heron", "-m", T2V, "--json", "--base-url", simUrl(t3, "usage=none,costhdr=none"), ...FAST]),
    ]);
    for (const [r, t] of [[body, t1], [header, t2]]) {
      assert.equal(r.code, 0, r.stderr);
      const log = await simLog(t);
      const [submit] = log.filter((q) => q.method === "POST");
      const id = log.find((q) => q.method === "GET").generationId;
      const cost = charge(submit.body);
      assert.match(submit.clientRequestId, /^[0-9a-f-]{36}$/, "the package made the id and sent it");
      const [saved, ...rest] = lastLines(r.stderr, 4);
      assert.match(saved, /^Saved heron\.mp4 \(/);
      assert.deepEqual(rest, [
        `Cost: ${usd(cost.usd)} (${cost.credits} credits)`,
        `Generation id: ${id}`,
        `Client request id: ${submit.clientRequestId}`,
      ]);
    }
    assert.equal(charge((await posts(t1))[0].body).usd, charge({ model: T2V, duration: 4 }).usd, "-d 4 was charged as such");
    assert.notEqual(charge((await posts(t1))[0].body).usd, charge((await posts(t2))[0].body).usd, "two prices: each line is its job's");

    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /\nCost: the API did not report it\n/);
    const out = onlyJson(none.stdout);
    assert.equal(out.usdSpent, null);
    assert.equal(out.creditsUsed, null);
    assert.equal(out.clientRequestId, (await posts(t3))[0].clientRequestId);
  });

  test("--json carries usdSpent, creditsUsed, clientRequestId and videoUrls", async () => {
    const t = tag("cost-json");
    const r = await cli(["A heron", "-m", T2V, "--json", "-q", "--base-url", simUrl(t, "usage=none"), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJson(r.stdout);
    const [submit] = await posts(t);
    const cost = charge(submit.body);
    assert.equal(out.usdSpent, cost.usd, "from x-aimlapi-usd-spent alone");
    assert.equal(out.creditsUsed, cost.credits);
    assert.equal(out.clientRequestId, submit.clientRequestId);
    assert.deepEqual(out.videoUrls, [`${sim.url}/media/sample.mp4`]);
  });

  test("a job that makes several videos: all saved, -o out.mp4 then out-2.mp4; every path on stdout", async () => {
    const t = tag("array");
    const t2 = tag("array-json");
    const [r, j] = await Promise.all([
      cli(["Two takes", "-m", T2V, "-o", "out.mp4", "--base-url", simUrl(t, "video=array"), ...FAST]),
      cli(["Two takes", "-m", T2V, "--json", "--base-url", simUrl(t2, "video=array"), ...FAST]),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(r.cwd), ["out-2.mp4", "out.mp4"]);
    for (const f of files(r.cwd)) assert.ok(readFileSync(path.join(r.cwd, f)).equals(SAMPLE), f);
    assert.equal(r.stdout, `${path.join(r.cwd, "out.mp4")}\n${path.join(r.cwd, "out-2.mp4")}\n`);
    assert.match(r.stderr, /Saved out\.mp4, out-2\.mp4 /);

    assert.equal(j.code, 0, j.stderr);
    const out = onlyJson(j.stdout);
    assert.equal(out.videoUrls.length, 2);
    assert.equal(out.videoUrl, out.videoUrls[0]);
    const stem = out.id.split(":")[0];
    assert.deepEqual(out.files, [path.join(j.cwd, `${stem}.mp4`), path.join(j.cwd, `${stem}-2.mp4`)]);
    assert.equal(out.file, out.files[0]);
    assert.deepEqual(files(j.cwd), [`${stem}-2.mp4`, `${stem}.mp4`]);
  });

  test("--max-usd under the price: refused (exit 2, invalid_request) with the figure, the price list read, no POST", async () => {
    const [t1, t2, t3] = [tag("budget-over"), tag("budget-json"), tag("budget-variable")];
    const [over, json, variable] = await Promise.all([
      cli(["A heron", "-m", T2V, "--max-usd", "0.5", "-o", "h.mp4", "--base-url", simUrl(t1), ...FAST]),
      cli(["A heron", "-m", T2V, "--max-usd=0.5", "--json", "--base-url", simUrl(t2), ...FAST]),
      cli(["A heron", "-m", T2V, "--max-usd", "100", "--base-url", simUrl(t3, "price=variable"), ...FAST]),
    ]);
    const price = usd(charge({ model: T2V }).usd);
    assert.equal(over.code, 2, over.stderr);
    assert.ok(over.stderr.includes(`would cost about ${price} by the price list, over --max-usd ($0.50): nothing was sent. [invalid_request]`), over.stderr);
    assert.equal(over.stdout, "");
    assert.deepEqual(files(over.cwd), []);
    assert.equal(json.code, 2);
    assert.equal(onlyJson(json.stdout).error.code, "invalid_request");
    assert.equal(variable.code, 2, variable.stderr);
    assert.match(variable.stderr, /--max-usd is set, but the price list gives no estimate \(.+\): nothing was sent/);
    for (const t of [t1, t2, t3]) {
      const log = await simLog(t);
      assert.ok(log.some((q) => q.route === "models"), "the price list was read");
      assert.deepEqual(log.filter((q) => q.method === "POST"), [], "no submit");
    }
  });

  test("--max-usd over the price: the video is made, and maxUsd did not change what was sent", async () => {
    const t = tag("budget-ok");
    const r = await cli(["A heron", "-m", T2V, "--max-usd", "100", "--json", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(onlyJson(r.stdout).usdSpent, charge({ model: T2V }).usd);
    const [submit] = await posts(t);
    assert.deepEqual(submit.body, { model: T2V, prompt: "A heron" });
    assert.match(r.stderr, /reading the price list \(google\/veo-3\.1-t2v\)/);
  });

  test("a bad --max-usd is a usage error (exit 2) before anything is read or sent", async () => {
    const t = tag("budget-bad");
    const base = ["A heron", "--base-url", simUrl(t), ...FAST];
    const cases = [
      [["--max-usd", "0"], /--max-usd must be more than 0/],
      [["--max-usd=-1"], /--max-usd must be more than 0/],
      [["--max-usd", "five"], /--max-usd must be a number, not "five"/],
      [["--max-usd", "Infinity"], /--max-usd must be a number/],
      [["--max-usd", ""], /--max-usd must be a number/],
      [["--max-usd"], /--max-usd needs a value/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli([...base, ...args])));
    for (const [i, [args, message]] of cases.entries()) {
      assert.equal(runs[i].code, 2, `${args.join(" ")}: ${runs[i].stderr}`);
      assert.match(runs[i].stderr, message);
      assert.match(runs[i].stderr, /Usage: aimlapi-video/);
    }
    const j = await cli([...base, "--max-usd", "0", "--json"]);
    assert.equal(onlyJson(j.stdout).error.code, "usage");
    const resume = await cli(["--resume", "some-id", "--max-usd", "1", "--base-url", simUrl(t)]);
    assert.equal(resume.code, 2);
    assert.match(resume.stderr, /takes no --max-usd/);
    assert.deepEqual(await simLog(t), [], "nothing reached the simulator, not even the price list");
  });

  test("--estimate: the quote on stdout, exit 0, no key needed, no POST, no Authorization", async () => {
    const [t1, t2, t3] = [tag("estimate"), tag("estimate-json"), tag("estimate-image")];
    const noKey = { env: { AIMLAPI_API_KEY: undefined } };
    const [plain, json, image] = await Promise.all([
      cli(["--estimate", "-m", T2V, "-d", "4", "-r", "720p", "--no-audio", "--base-url", simUrl(t1)], noKey),
      cli(["A heron", "--estimate", "-m", T2V, "-d", "6", "--json", "--max-usd", "1", "--base-url", simUrl(t2)]),
      // The inputs only pick the default model: the file is not read (it does not exist).
      cli(["--estimate", "--image", "no-such-frame.jpg", "--base-url", simUrl(t3)]),
    ]);
    const four = charge({ model: T2V, duration: 4, resolution: "720p", generate_audio: false });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, `about ${usd(four.usd)} (4 s × ${usd(four.usd / 4)} per second, ${T2V})\n`);
    assert.equal(json.code, 0, json.stderr);
    const { estimate } = onlyJson(json.stdout);
    assert.equal(estimate.usd, charge({ model: T2V, duration: 6 }).usd);
    assert.equal(estimate.model, T2V);
    assert.equal(estimate.quantity, 6);
    assert.equal(estimate.reason, null);
    assert.equal(image.code, 0, image.stderr);
    assert.match(image.stdout, /^about \$\d+\.\d\d \(8 s × \$[\d.]+ per second, google\/veo-3\.1-i2v\)\n$/, "the model of an --image, its default duration");
    for (const t of [t1, t2, t3]) {
      const log = await simLog(t);
      assert.ok(log.length >= 1);
      assert.ok(log.every((q) => q.method === "GET" && q.route === "models"), "only the price list was read");
      assert.ok(log.every((q) => !q.hasAuthorization), "never with the key");
    }
  });

  test("--estimate with no estimate to give (a variable price, a model not listed): the reason, exit 0, no POST", async () => {
    const [t1, t2] = [tag("estimate-variable"), tag("estimate-absent")];
    const [variable, absent] = await Promise.all([
      cli(["--estimate", "-m", T2V, "--base-url", simUrl(t1, "price=variable")]),
      cli(["--estimate", "-m", T2V, "--json", "--base-url", simUrl(t2, "price=absent")]),
    ]);
    assert.equal(variable.code, 0, variable.stderr);
    assert.match(variable.stdout, /^no estimate for google\/veo-3\.1-t2v: the price depends on .+\n$/);
    assert.equal(absent.code, 0, absent.stderr);
    const { estimate } = onlyJson(absent.stdout);
    assert.equal(estimate.usd, null);
    assert.match(estimate.reason, /not in the price list/);
    for (const t of [t1, t2]) assert.deepEqual(await posts(t), []);
  });

  test("--estimate refuses a value the model does not take (exit 2) and goes with no --resume", async () => {
    const t = tag("estimate-bad");
    const [bad, resume] = await Promise.all([
      cli(["--estimate", "-m", T2V, "-d", "5", "--base-url", simUrl(t)]),
      cli(["--estimate", "--resume", "some-id", "--base-url", simUrl(t)]),
    ]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /duration must be 4, 6 or 8/);
    assert.equal(resume.code, 2);
    assert.match(resume.stderr, /takes no --estimate/);
    assert.deepEqual(await posts(t), []);
  });

  test("Ctrl-C while the submit is in flight: exit 130 and the client request id it was sent with", async () => {
    const [t1, t2] = [tag("sigint-submit"), tag("sigint-submit-json")];
    const inFlight = (stderr) => /submitting \(client request id /.test(stderr);
    const [r, j] = await Promise.all([
      cli(["A heron", "-m", T2V, "--base-url", simUrl(t1, "slow=5000"), ...FAST], { until: inFlight }),
      cli(["A heron", "-m", T2V, "--json", "--base-url", simUrl(t2, "slow=5000"), ...FAST], { until: inFlight }),
    ]);
    assert.equal(r.code, 130, r.stderr);
    const [submit] = await posts(t1);
    assert.match(submit.clientRequestId, /^[0-9a-f-]{36}$/);
    assert.ok(r.stderr.includes(`the job may exist; its client request id is ${submit.clientRequestId}\n`), r.stderr);
    // No generation id to resume yet: the command looks the client request id up (tests/cli/recover.test.mjs runs it).
    assert.match(r.stderr, new RegExp(`\n  aimlapi-video --resume ${submit.clientRequestId} -m google/veo-3\\.1-t2v --submitted-at \\d+ --base-url \\S+\n`));
    assert.deepEqual(files(r.cwd), []);

    assert.equal(j.code, 130);
    const { error } = onlyJson(j.stdout);
    assert.equal(error.code, "aborted");
    assert.equal(error.clientRequestId, (await posts(t2))[0].clientRequestId);
    assert.equal(error.generationId, undefined);
  });

  test("Ctrl-C before the submit (the price list read of --max-usd): nothing was sent, and it says so", async () => {
    const t = tag("sigint-price");
    const r = await cli(["A heron", "-m", T2V, "--max-usd", "100", "--base-url", simUrl(t, "slow=5000"), ...FAST], {
      until: (stderr) => /reading the price list/.test(stderr),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /It stopped before the submit was sent: nothing was paid\./);
    assert.doesNotMatch(r.stderr, /client request id/);
    assert.deepEqual(await posts(t), []);
  });

  test("a submit whose answer is lost prints its client request id with the error; a refused one does not", async () => {
    const [t1, t2, t3] = [tag("lost-drop"), tag("lost-500"), tag("refused-400")];
    // --timeout bounds the package's search for the job (issue 28), where it has one.
    const [drop, five, refused] = await Promise.all([
      cli(["A heron", "-m", T2V, "--timeout", "1", "--base-url", simUrl(t1, "submitdrop"), ...FAST]),
      cli(["A heron", "-m", T2V, "--timeout", "1", "--json", "--base-url", simUrl(t2, "status=500"), ...FAST]),
      cli(["A heron", "-m", T2V, "--timeout", "1", "--base-url", simUrl(t3, "status=400"), ...FAST]),
    ]);
    assert.equal(drop.code, 6, drop.stderr);
    const crid = (await posts(t1))[0].clientRequestId;
    assert.match(drop.stderr, /\[network_error\]\n/);
    assert.ok(drop.stderr.includes(`the job may exist; its client request id is ${crid}\nTo find it in the usage logs and save its video (nothing is submitted again):\n  aimlapi-video --resume ${crid} -m ${T2V} --submitted-at `), drop.stderr);

    assert.equal(five.code, 6, five.stderr);
    const { error } = onlyJson(five.stdout);
    assert.equal(error.code, "server_error");
    assert.equal(error.clientRequestId, (await posts(t2))[0].clientRequestId);
    assert.ok(five.stderr.includes(`its client request id is ${error.clientRequestId}`));

    assert.equal(refused.code, 2, refused.stderr);
    assert.doesNotMatch(refused.stderr, /may exist|--resume/, "a 400 made no job");
    assert.equal((await posts(t1)).length + (await posts(t2)).length + (await posts(t3)).length, 3, "each submit sent once");
  });
});

test("no output of these runs holds the key", () => {
  assert.ok(outputs.length > 10);
  for (const { args, stdout, stderr } of outputs) assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), args.join(" "));
});
