// A download is a video or an error (issue 29): the command line against tests/cli/fake-api.mjs,
// whose finished jobs' video URLs answer a web page, an empty body, a cut stream, a WebM, and a
// 300 MB stream generated as it is sent. A bad answer fails with the download's exit code, leaves
// no file (not even the temporary one) and says how to get the video without paying again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startFakeApi, BIG_BYTES, WEBM_HEAD } from "./fake-api.mjs";
import { EXIT, EXIT_TABLE } from "../../cli/exit-codes.js";
import { KEY, outputs, removeFolders, cli, onlyJson, files } from "./harness.mjs";

const FAST = ["--poll-interval", "0.1"];
let fake;

before(async () => {
  fake = await startFakeApi();
});
after(async () => {
  await fake?.close();
  removeFolders();
});

test("the download's exit code is one --help lists for a failed download", async () => {
  const help = (await cli(["--help"])).stdout;
  const row = EXIT_TABLE.find((r) => r.codes.includes("download_failed"));
  assert.equal(row.exit, EXIT.download);
  assert.ok(help.includes(`${String(row.exit).padStart(3)}  ${row.says}`), "--help lists the row");
});

test("a web page instead of the video: exit 7, no file, and the command that downloads it again (npx), with its URL", async () => {
  const base = `${fake.url}/m/html`;
  const r = await cli(["A cat", "-o", "cat.mp4", "--base-url", base, ...FAST], { env: { npm_command: "exec" } });
  assert.equal(r.code, EXIT.download, r.stderr);
  assert.deepEqual(files(r.cwd), [], "no cat.mp4, no temporary file");
  assert.match(r.stderr, /answered a web page \(text\/html\), not a video \[download_failed\]/);
  assert.doesNotMatch(r.stderr, /Saved/);
  assert.equal(r.stdout, "");
  // The exact line to paste: the job is done, nothing is paid again.
  assert.ok(r.stderr.includes(`\n  npx aimlapi-video --resume job-html:test/fake --base-url ${base} -o cat.mp4\n`), r.stderr);
  assert.match(r.stderr, /nothing is paid again/);
  assert.ok(r.stderr.includes(`${fake.url}/video/html\n`), "the video URL, which holds no secret");
});

test("a web page labelled video/mp4: told by its first bytes, not its label", async () => {
  const r = await cli(["A cat", "-o", "cat.mp4", "--json", "--base-url", `${fake.url}/m/htmlmp4`, ...FAST]);
  assert.equal(r.code, EXIT.download, r.stderr);
  assert.deepEqual(files(r.cwd), []);
  const { error } = onlyJson(r.stdout);
  assert.equal(error.code, "download_failed");
  assert.match(error.message, /answered a web page \(HTML\), not a video/);
  assert.equal(error.generationId, "job-htmlmp4:test/fake");
});

test("a signed video URL (with a query) is not printed; the resume line is", async () => {
  const r = await cli(["A cat", "-o", "cat.mp4", "--base-url", `${fake.url}/m/signed`, ...FAST]);
  assert.equal(r.code, EXIT.download, r.stderr);
  assert.deepEqual(files(r.cwd), []);
  assert.doesNotMatch(r.stderr, /s3cr3t/);
  assert.match(r.stderr, /\n  aimlapi-video --resume job-signed:test\/fake --base-url \S+ -o cat\.mp4\n/);
  assert.doesNotMatch(r.stderr, /fetch it yourself/);
});

test("an empty body: exit 7, no file", async () => {
  const r = await cli(["A cat", "-o", "cat.mp4", "--base-url", `${fake.url}/m/empty`, ...FAST]);
  assert.equal(r.code, EXIT.download, r.stderr);
  assert.deepEqual(files(r.cwd), []);
  assert.match(r.stderr, /answered an empty body, not a video/);
  assert.match(r.stderr, /--resume job-empty:test\/fake /);
});

test("a stream cut short with no length announced: exit 7, no file", async () => {
  const r = await cli(["A cat", "-o", "cat.mp4", "--base-url", `${fake.url}/m/cut`, ...FAST]);
  assert.equal(r.code, EXIT.download, r.stderr);
  assert.deepEqual(files(r.cwd), []);
  assert.match(r.stderr, /broke off after \d+ bytes/);
  assert.match(r.stderr, /--resume job-cut:test\/fake /);
});

test("a WebM is a video: saved", async () => {
  const r = await cli(["A cat", "-o", "cat.webm", "--base-url", `${fake.url}/m/webm`, ...FAST]);
  assert.equal(r.code, EXIT.ok, r.stderr);
  assert.deepEqual(files(r.cwd), ["cat.webm"]);
  assert.ok(readFileSync(path.join(r.cwd, "cat.webm")).subarray(0, WEBM_HEAD.length).equals(WEBM_HEAD));
});

/** The resident memory of a process, in bytes, from /proc (Linux). */
function rss(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

test("a 300 MB video streams to disk with bounded memory", { skip: !existsSync("/proc/self/status") && "needs /proc" }, async (t) => {
  let child;
  let stderr = "";
  let base = null;
  let peak = 0;
  const sampler = setInterval(() => {
    const now = child && rss(child.pid);
    if (!now) return;
    // From the moment the download begins: what the download itself holds.
    if (base === null && /\] downloading /.test(stderr)) base = now;
    if (base !== null) peak = Math.max(peak, now);
  }, 20);
  const r = await cli(["A cat", "-o", "big.mp4", "--base-url", `${fake.url}/m/big`, ...FAST], {
    killAfterMs: 120_000,
    onSpawn: (c) => {
      child = c;
      c.stderr.on("data", (d) => (stderr += d));
    },
  });
  clearInterval(sampler);
  assert.equal(r.code, EXIT.ok, r.stderr);
  assert.deepEqual(files(r.cwd), ["big.mp4"]);
  assert.equal(statSync(path.join(r.cwd, "big.mp4")).size, BIG_BYTES);
  assert.ok(base !== null && peak > 0, "memory was sampled during the download");
  assert.ok(peak - base < 100 * 1024 * 1024, `memory grew by ${Math.round((peak - base) / 1048576)} MB while 300 MB streamed`);
  assert.match(r.stderr, /Saved big\.mp4 \(314\.6 MB/);
  t.diagnostic(`rss at the download's start ${Math.round(base / 1048576)} MB, peak ${Math.round(peak / 1048576)} MB`);
});

test("no output of these runs holds the key", () => {
  assert.ok(outputs.length >= 7);
  for (const { args, stdout, stderr } of outputs) assert.ok(!(stdout + stderr).includes(KEY), args.join(" "));
});
