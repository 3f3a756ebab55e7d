// The command line (cli/main.js) as users run it: a child process of `CLI_NODE` (default: this
// Node), in a temporary folder, against the simulator (sim/server.mjs, jobs of 300 ms) and, for the
// download failures, tests/cli/fake-api.mjs. Every run's output is kept, and none may hold the key.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createGeneration } from "aimlapi-video";
import { charge } from "../../sim/prices.mjs";
import { EXIT_TABLE, exitCodeFor } from "../../cli/exit-codes.js";
import { createReporter, redactor } from "../../cli/progress.js";
import { defaultModel } from "../../cli/args.js";
import { FAMILY } from "../../js/family.js";
import { root, KEY, outputs, tmp, tag, useServers, cli, onlyJson, files } from "./harness.mjs";

const SAMPLE = readFileSync(path.join(root, "sim/media/sample.mp4"));
const EXTENDED = readFileSync(path.join(root, "sim/media/extended.mp4"));
const FRAME = path.join(root, "sim/media/first-frame.jpg");
const VERSION = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
const FAST = ["--poll-interval", "0.1"];

const servers = useServers();
const simUrl = (...a) => servers.simUrl(...a);
const simLog = (...a) => servers.simLog(...a);

// The runs are independent (each its own folder and simulator tag): a few at a time.
describe("the command line", { concurrency: 4 }, () => {
  test("--help and --version", async () => {
    const help = await cli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^aimlapi-video /);
    for (const flag of ["--image", "--last-image", "--ref", "--video", "--aspect-ratio", "--duration", "--resolution", "--seed", "--negative-prompt", "--no-audio", "--no-enhance-prompt", "--no-auto-fix", "--person-generation", "--provider", "--timeout", "--poll-interval", "--resume", "--submitted-at", "--max-usd", "--estimate", "--json", "--output", "--base-url", "AIMLAPI_API_KEY"]) {
      assert.ok(help.stdout.includes(flag), `--help names ${flag}`);
    }
    for (const row of EXIT_TABLE) assert.match(help.stdout, new RegExp(`^ +${row.exit}  `, "m"), `--help lists exit ${row.exit}`);
    const version = await cli(["--version"]);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), VERSION);
  });

  test("the models of --help and the default model come from the family's table", async () => {
    const help = (await cli(["--help"])).stdout.split("\nModels")[1].split("\nExit codes")[0];
    for (const [id, m] of Object.entries(FAMILY)) {
      const row = help.split("\n").findIndex((l) => l.includes(`${id} (${m.tier})`));
      assert.ok(row > 0, `--help lists ${id}`);
      const { duration, resolution } = m.takes;
      assert.ok(help.split("\n")[row + 2].includes(`--duration ${duration.values.join("|")}; --resolution ${resolution.values.join("|")}`), id);
    }
    // The inputs, by the option each flag sets (what readArgs gives defaultModel).
    const cases = [
      [{}, []],
      [{ imageUrl: "a.jpg" }, ["imageUrl"]],
      [{ imageUrl: "a.jpg", lastImageUrl: "b.jpg" }, ["imageUrl", "lastImageUrl"]],
      [{ imageUrls: ["a.jpg"] }, ["imageUrls"]],
      [{ videoUrl: "v.mp4" }, ["videoUrl"]],
    ];
    for (const [given, needs] of cases) {
      const id = defaultModel({ imageUrls: [], ...given });
      const m = FAMILY[id];
      assert.equal(m?.tier, "full", `${JSON.stringify(given)} -> ${id}`);
      const required = ["imageUrl", "lastImageUrl", "imageUrls", "videoUrl"].filter((k) => m.takes[k]?.need === "required");
      assert.deepEqual(required, needs, `${JSON.stringify(given)} -> ${id}`);
    }
    // Inputs no model takes together: the model of the first of them, which says what it refuses.
    assert.equal(defaultModel({ imageUrl: "a.jpg", imageUrls: ["b.jpg"] }), "google/veo-3.1-reference-to-video");
    assert.equal(defaultModel({ lastImageUrl: "b.jpg", imageUrls: [] }), "google/veo-3.1-first-last-image-to-video");
  });

  test("exit codes: one table, each package error code mapped", () => {
    const exits = EXIT_TABLE.map((r) => r.exit);
    assert.equal(new Set(exits).size, exits.length);
    const expected = {
      invalid_request: 2, unauthorized: 3, forbidden: 3, generation_failed: 4, timeout: 5, network_error: 6, server_error: 6,
      http_error: 6, bad_response: 6, rate_limited: 6, not_found: 6, aborted: 130, internal_error: 1, download_failed: 7, usage: 2,
    };
    for (const [code, exit] of Object.entries(expected)) assert.equal(exitCodeFor(code), exit, code);
    assert.equal(exitCodeFor("something_new"), 1);
  });

  test("a local image: the video saved, the image sent as a JPEG data URL, plain progress on stderr", async () => {
    const t = tag("image");
    const r = await cli(["A cat yawns", "--image", FRAME, "-o", "cat.mp4", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(r.cwd), ["cat.mp4"], "the video and nothing else (no temporary file)");
    assert.ok(readFileSync(path.join(r.cwd, "cat.mp4")).equals(SAMPLE), "the bytes the simulator serves");
    assert.equal(r.stdout, `${path.join(r.cwd, "cat.mp4")}\n`, "stdout: the saved file's path only");
    const log = await simLog(t);
    const submit = log.find((q) => q.method === "POST");
    assert.equal(submit.body.model, "google/veo-3.1-i2v");
    assert.equal(submit.body.prompt, "A cat yawns");
    assert.match(submit.body.image_url, /^data:image\/jpeg;base64,/);
    assert.ok(Buffer.from(submit.body.image_url.split(",")[1], "base64").equals(readFileSync(FRAME)));
    assert.equal(submit.authorization, `Bearer ${KEY}`, "the key goes to the API, as a bearer token");
    // Not a terminal: plain lines, one per change, no carriage returns.
    assert.doesNotMatch(r.stderr, /\r|\x1b\[/);
    const id = log.find((q) => q.method === "GET").generationId;
    assert.ok(r.stderr.includes(`submitted: job ${id}`), r.stderr);
    assert.match(r.stderr, /\] generating/);
    assert.match(r.stderr, /\] completed/);
    assert.match(r.stderr, /Saved cat\.mp4/);
  });

  test("--json: one object on stdout; the default file name comes from the id", async () => {
    const t = tag("json");
    const r = await cli(["A lighthouse at dusk", "--json", ...FAST], { env: { AIMLAPI_BASE_URL: simUrl(t) } });
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJson(r.stdout);
    assert.deepEqual(Object.keys(out).sort(), ["clientRequestId", "creditsUsed", "elapsedMs", "file", "files", "id", "polls", "usdSpent", "videoUrl", "videoUrls"]);
    const log = await simLog(t);
    assert.equal(log[0].body.model, "google/veo-3.1-t2v", "no input: text to video");
    assert.equal(out.id, log.find((q) => q.method === "GET").generationId);
    assert.equal(out.videoUrl, `${servers.sim.url}/media/sample.mp4`);
    assert.equal(out.file, path.join(r.cwd, `${out.id.split(":")[0]}.mp4`));
    assert.ok(readFileSync(out.file).equals(SAMPLE));
    // The simulator's charge for what was submitted, in the answer's meta.usage.
    const { usd, credits } = charge(log[0].body);
    assert.equal(out.creditsUsed, credits);
    assert.equal(out.usdSpent, usd);
    assert.equal(out.clientRequestId, log[0].clientRequestId, "the id the submit carried");
    assert.deepEqual(out.videoUrls, [out.videoUrl]);
    assert.deepEqual(out.files, [out.file]);
    assert.ok(Number.isInteger(out.polls) && out.polls >= 1);
    assert.ok(typeof out.elapsedMs === "number" && out.elapsedMs >= 0);
    assert.match(r.stderr, /submitted: job/, "progress stays on stderr");
  });

  test("the generation flags reach the submit body; --no-x and --x, the last wins", async () => {
    const t = tag("flags");
    const r = await cli([
      "Rain on a window", "-m", "google/veo-3.1-t2v", "--aspect-ratio", "9:16", "-d", "4", "-r", "1080p", "--seed=-3",
      "--negative-prompt", "people", "--no-audio", "--enhance-prompt", "--auto-fix", "--no-auto-fix", "--provider", "fal",
      "--extra", '{"note": "x"}', "--json", "-q", "--base-url", simUrl(t), ...FAST,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "-q: nothing on stderr");
    const [submit] = await simLog(t);
    assert.deepEqual(submit.body, {
      model: "google/veo-3.1-t2v", prompt: "Rain on a window", aspect_ratio: "9:16", duration: 4, resolution: "1080p", seed: -3,
      negative_prompt: "people", generate_audio: false, enhance_prompt: true, auto_fix: false, provider: "fal", note: "x",
    });
  });

  test("--ref (repeated), --last-image and --video: files become data URLs; the model follows the inputs", async () => {
    const cwd = tmp();
    const [t1, t2, t3] = [tag("refs"), tag("lastframe"), tag("extend")];
    const [refs, last, ext] = await Promise.all([
      cli(["The same cat", "--ref", FRAME, "--ref", FRAME, "--base-url", simUrl(t1), "-o", "refs.mp4", ...FAST], { cwd }),
      cli(["From here to there", "--image", FRAME, "--last-image", "https://example.com/end.png", "--base-url", simUrl(t2), "-o", "fl.mp4", ...FAST], { cwd }),
      cli(["And then it rains", "--video", path.join(root, "sim/media/sample.mp4"), "--base-url", simUrl(t3), "-o", "ext.mp4", ...FAST], { cwd }),
    ]);
    assert.equal(refs.code, 0, refs.stderr);
    const [s1] = await simLog(t1);
    assert.equal(s1.body.model, "google/veo-3.1-reference-to-video");
    assert.equal(s1.body.image_urls.length, 2);
    for (const u of s1.body.image_urls) assert.match(u, /^data:image\/jpeg;base64,/);

    assert.equal(last.code, 0, last.stderr);
    const [s2] = await simLog(t2);
    assert.equal(s2.body.model, "google/veo-3.1-first-last-image-to-video");
    assert.match(s2.body.image_url, /^data:image\/jpeg;base64,/);
    assert.equal(s2.body.last_image_url, "https://example.com/end.png", "a URL passes as it is");

    assert.equal(ext.code, 0, ext.stderr);
    const [s3] = await simLog(t3);
    assert.equal(s3.body.model, "google/veo3-1-extend-video");
    assert.ok(s3.body.video_url.startsWith("data:video/mp4;base64,"));
    assert.ok(Buffer.from(s3.body.video_url.split(",")[1], "base64").equals(SAMPLE));
    assert.ok(readFileSync(path.join(cwd, "ext.mp4")).equals(EXTENDED));
    assert.deepEqual(files(cwd), ["ext.mp4", "fl.mp4", "refs.mp4"]);
  });

  test("-o a folder: the default name inside it; -o in a missing folder: exit 2, nothing sent", async () => {
    const cwd = tmp();
    mkdirSync(path.join(cwd, "videos"));
    const t = tag("outdir");
    const t2 = tag("nodir");
    const [r, bad] = await Promise.all([
      cli(["A boat", "-o", "videos", "--json", "--base-url", simUrl(t), ...FAST], { cwd }),
      cli(["A boat", "-o", "nowhere/boat.mp4", "--base-url", simUrl(t2), ...FAST], { cwd }),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJson(r.stdout);
    assert.equal(path.dirname(out.file), path.join(cwd, "videos"));
    assert.ok(readFileSync(out.file).equals(SAMPLE));

    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /does not exist/);
    assert.deepEqual(await simLog(t2), [], "refused before the paid submit");
  });

  test("a failed job: exit 4, the reason, and a resume line with its id", async () => {
    const t = tag("fail");
    const t2 = tag("fail-json");
    const [r, j] = await Promise.all([
      cli(["A cat", "--image", FRAME, "--base-url", simUrl(t, "fail"), "-o", "cat.mp4", ...FAST]),
      cli(["A cat", "--image", FRAME, "--json", "--base-url", simUrl(t2, "fail"), ...FAST]),
    ]);
    assert.equal(r.code, 4, r.stderr);
    const id = (await simLog(t)).find((q) => q.method === "GET").generationId;
    assert.match(r.stderr, /could not animate this image/);
    assert.ok(r.stderr.includes(`aimlapi-video --resume ${id}`), r.stderr);
    assert.deepEqual(files(r.cwd), []);

    assert.equal(j.code, 4);
    const { error } = onlyJson(j.stdout);
    assert.equal(error.code, "generation_failed");
    assert.match(error.generationId, /:google\/veo-3\.1-i2v$/);
    assert.equal(typeof error.submittedAt, "number");
    assert.match(error.message, /could not animate/);
  });

  test("--resume finishes a job created earlier", async () => {
    const t = tag("resume");
    const job = await createGeneration({ baseUrl: simUrl(t), prompt: "A fox", model: "google/veo-3.1-t2v" });
    const r = await cli(["--resume", job.id, "--submitted-at", String(Math.round(job.submittedAt)), "-o", "fox.mp4", "--json", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJson(r.stdout);
    assert.equal(out.id, job.id);
    assert.equal(out.file, path.join(r.cwd, "fox.mp4"));
    assert.ok(readFileSync(out.file).equals(SAMPLE));
    const log = await simLog(t);
    assert.equal(log.filter((q) => q.method === "POST").length, 1, "no new submit");
    assert.ok(log.filter((q) => q.method === "GET").every((q) => q.generationId === job.id), "the id followed, and no usage logs read");

    const [withPrompt, withImage, unknown] = await Promise.all([
      cli(["A fox", "--resume", job.id, "--base-url", simUrl(t)]),
      cli(["--resume", job.id, "--image", FRAME, "--base-url", simUrl(t)]),
      cli(["--resume", "no-such-job:google/veo-3.1-t2v", "--base-url", simUrl(t), ...FAST]),
    ]);
    assert.equal(withPrompt.code, 2);
    assert.equal(withImage.code, 2);
    assert.match(withImage.stderr, /--image/);
    assert.equal(unknown.code, 6, "not_found");
    assert.match(unknown.stderr, /\[not_found\]/);
    assert.doesNotMatch(unknown.stderr, /--resume no-such-job/, "no resume line for an id the API does not know");
  });

  test("bad flags and bad input: exit 2 with a usage message, nothing sent", async () => {
    const t = tag("usage");
    const base = ["--base-url", simUrl(t), ...FAST];
    const cases = [
      [["A cat", "--frobnicate", ...base], /Unknown flag --frobnicate/],
      [["A cat", "--duration", "eight", ...base], /--duration must be a number/],
      [["A cat", "--timeout", "0", ...base], /--timeout must be more than 0/],
      [["A cat", "--image"], /--image needs a value/],
      [[...base], /Give a prompt/],
      [["A", "cat", ...base], /one argument/],
      [["A cat", "--image", "missing.jpg", ...base], /--image missing\.jpg: no such file/],
      [["A cat", "--image", path.join(root, "README.md"), ...base], /not a PNG, JPEG, WebP or GIF/],
      [["A cat", "--video", "clip.avi", ...base], /no such file/],
      [["A cat", "--extra", "[1]", ...base], /--extra must be a JSON object/],
      // Values are the package's to check: its invalid_request, with the flag named.
      [["A cat", "--image", FRAME, "--duration", "5", ...base], /duration must be 4, 6 or 8/],
      [["A cat", "-m", "google/veo-3.1-t2v", "--image", FRAME, ...base], /imageUrl \(--image\) is not an option of google\/veo-3\.1-t2v/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = runs[i];
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "");
    }
    const j = await cli(["A cat", "--frobnicate", "--json", ...base]);
    assert.equal(j.code, 2);
    assert.equal(onlyJson(j.stdout).error.code, "usage");
    assert.deepEqual(await simLog(t), [], "none of them sent anything");
  });

  test("--api-key is refused, pointing to AIMLAPI_API_KEY, without echoing the value", async () => {
    const t = tag("apikey");
    const attempts = [["A cat", "--api-key", "sk-typed-on-the-line"], ["A cat", "--api-key=sk-typed-on-the-line"], ["--apikey", "sk-typed-on-the-line", "A cat"]];
    for (const r of await Promise.all(attempts.map((args) => cli([...args, "--base-url", simUrl(t)])))) {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /AIMLAPI_API_KEY/);
      assert.match(r.stderr, /history/);
      assert.doesNotMatch(r.stdout + r.stderr, /sk-typed-on-the-line/);
    }
    assert.deepEqual(await simLog(t), []);
  });

  test("no key and the default API: exit 3 before anything is sent", async () => {
    const r = await cli(["A cat", "--json"], { env: { AIMLAPI_API_KEY: undefined } });
    assert.equal(r.code, 3);
    assert.equal(onlyJson(r.stdout).error.code, "missing_api_key");
    assert.match(r.stderr, /AIMLAPI_API_KEY/);
  });

  test("no key with a base URL (a proxy) is fine: no Authorization sent", async () => {
    const t = tag("nokey");
    const r = await cli(["A cat", "-o", "c.mp4", "--base-url", simUrl(t), ...FAST], { env: { AIMLAPI_API_KEY: undefined } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await simLog(t)).every((q) => q.authorization === null));
  });

  test("a refused key: exit 3", async () => {
    const t = tag("auth");
    const r = await cli(["A cat", "--image", FRAME, "--json", "--base-url", simUrl(t), ...FAST], { env: { AIMLAPI_API_KEY: "wrong-key" } });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(onlyJson(r.stdout).error.code, "unauthorized");
    assert.doesNotMatch(r.stdout + r.stderr, /wrong-key/);
  });

  test("a timeout: exit 5 and the resume line", async () => {
    const t = tag("timeout");
    const r = await cli(["A cat", "--image", FRAME, "--timeout", "0.5", "--base-url", simUrl(t, "never"), "-o", "cat.mp4", ...FAST]);
    assert.equal(r.code, 5, r.stderr);
    const id = (await simLog(t)).find((q) => q.method === "GET").generationId;
    assert.match(r.stderr, /--timeout/);
    assert.match(r.stderr, new RegExp(`aimlapi-video --resume ${id.replace(/[.]/g, "\\.")} --submitted-at \\d+ --base-url \\S+ -o cat\\.mp4`));
    assert.deepEqual(files(r.cwd), []);
  });

  test("SIGINT while polling: exit 130, the resume line, no file", async () => {
    const t = tag("sigint");
    const r = await cli(["A cat", "--image", FRAME, "--base-url", simUrl(t, "never"), "-o", "cat.mp4", ...FAST], {
      until: (stderr) => /\] generating/.test(stderr),
    });
    assert.equal(r.code, 130, r.stderr);
    const id = (await simLog(t)).find((q) => q.method === "GET").generationId;
    assert.match(r.stderr, /Interrupted \(SIGINT\)/);
    assert.ok(r.stderr.includes(`aimlapi-video --resume ${id} --submitted-at `), r.stderr);
    assert.match(r.stderr, / -o cat\.mp4\n/);
    assert.deepEqual(files(r.cwd), []);
  });

  test("SIGINT with --json: the error object has the id", async () => {
    const t = tag("sigint-json");
    const r = await cli(["A cat", "--json", "--base-url", simUrl(t, "never"), ...FAST], { until: (stderr) => /\] generating/.test(stderr) });
    assert.equal(r.code, 130);
    const { error } = onlyJson(r.stdout);
    assert.equal(error.code, "aborted");
    assert.equal(error.generationId, (await simLog(t)).find((q) => q.method === "GET").generationId);
    assert.equal(typeof error.submittedAt, "number");
  });

  test("download failures: exit 7 (HTTP 404, a cut-off body), SIGINT mid-download: 130; never a partial file", async () => {
    const cwd = tmp();
    let sawPart = false;
    const [notFound, short, stalled] = await Promise.all([
      cli(["A cat", "-o", "cat.mp4", "--base-url", `${servers.fake.url}/m/404`, ...FAST]),
      cli(["A cat", "-o", "cat.mp4", "--json", "--base-url", `${servers.fake.url}/m/short`, ...FAST]),
      cli(["A cat", "-o", "cat.mp4", "--base-url", `${servers.fake.url}/m/stall`, ...FAST], {
        cwd,
        until: (stderr) => /\] downloading/.test(stderr) && (sawPart = files(cwd).some((f) => f.endsWith(".part"))),
      }),
    ]);
    assert.equal(notFound.code, 7, notFound.stderr);
    assert.match(notFound.stderr, /HTTP 404/);
    assert.match(notFound.stderr, /aimlapi-video --resume job-404:test\/fake .*-o cat\.mp4/);
    assert.deepEqual(files(notFound.cwd), []);

    assert.equal(short.code, 7, short.stderr);
    assert.equal(onlyJson(short.stdout).error.code, "download_failed");
    assert.deepEqual(files(short.cwd), [], "no cat.mp4 and no temporary file left");

    assert.ok(sawPart, "the download goes to a temporary file first");
    assert.equal(stalled.code, 130, stalled.stderr);
    assert.match(stalled.stderr, /aimlapi-video --resume job-stall:test\/fake /);
    assert.deepEqual(files(cwd), []);
  });

  test("a leaky server that echoes the key: it is never printed", async () => {
    const t = tag("echo");
    const runs = [
      ["A cat", "--image", FRAME, "--base-url", simUrl(t, "echo"), "-o", "a.mp4", ...FAST],
      ["A cat", "--image", FRAME, "--json", "--base-url", simUrl(t, "echo"), "-o", "b.mp4", ...FAST],
      ["A cat", "--image", FRAME, "--base-url", simUrl(t, "echo,fail"), ...FAST],
      // --timeout: a refused submit's job is looked for in the usage logs until the deadline.
      ["A cat", "--image", FRAME, "--json", "--timeout", "1", "--base-url", simUrl(t, "echo,status=500"), ...FAST],
      ["A cat", "--image", FRAME, "--base-url", simUrl(t, "echo,pollerr=500x1"), "-o", "c.mp4", ...FAST],
      ["A cat", "--image", FRAME, "--timeout", "0.5", "--base-url", simUrl(t, "echo,never"), ...FAST],
    ];
    const wrong = `wrong-${KEY}`;
    const [r, ...results] = await Promise.all([
      cli(["A cat", "--image", FRAME, "--json", "--base-url", simUrl(t, "echo")], { env: { AIMLAPI_API_KEY: wrong } }),
      ...runs.map((args) => cli(args)),
    ]);
    for (const [i, args] of runs.entries()) {
      const out = results[i].stdout + results[i].stderr;
      assert.ok(!out.includes(KEY), `${args.join(" ")}: the key leaked`);
    }
    assert.deepEqual(results.map((x) => x.code), [0, 0, 4, 6, 0, 5]);
    assert.equal(r.code, 3);
    assert.ok(!(r.stdout + r.stderr).includes(KEY));
    assert.ok((await simLog(t)).some((q) => q.authorization === `Bearer ${KEY}`), "the simulator did get the key");
  });

  test("the in-place progress line of a terminal", () => {
    let written = "";
    const stream = { isTTY: true, columns: 60, write: (s) => (written += s) };
    const rep = createReporter({ stream, redact: redactor([KEY]), now: () => 0 });
    rep.start("submitting");
    rep.event({ type: "submitted", id: `abcdef123456789:${KEY}`, status: "queued", elapsedMs: 0, polls: 0 });
    rep.event({ type: "status", id: null, status: "generating", elapsedMs: 0, polls: 1 });
    rep.message("a message");
    rep.stop();
    assert.ok(written.startsWith("\r\x1b[2Ksubmitting · 0 s"));
    assert.ok(written.includes("\r\x1b[2Kjob abcdef12… · generating · 0 s"));
    assert.ok(written.includes("\r\x1b[2Ka message\n"), "a message clears the line first");
    assert.doesNotMatch(written, /\n\[/, "no plain lines on a terminal");
    assert.ok(!written.includes(KEY));
  });
});

test("no output of any run holds the key", () => {
  assert.ok(outputs.length > 20);
  for (const { args, stdout, stderr } of outputs) {
    assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), `the run ${args.join(" ")} printed the key`);
  }
});

test("docs/CLI.md's exit codes are the table's", () => {
  const doc = readFileSync(new URL("../../docs/CLI.md", import.meta.url), "utf8");
  const line = /^Exit codes: ([\s\S]*?)(?:\n\n|\n?(?![\s\S]))/m.exec(doc)?.[1] ?? "";
  const listed = [...line.matchAll(/(\d+) [a-z(]/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  assert.deepEqual(listed, EXIT_TABLE.map((r) => r.exit).sort((a, b) => a - b));
});
