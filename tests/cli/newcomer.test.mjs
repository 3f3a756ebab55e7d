// The first ten minutes on the command line (issue 29): a blank key is no key, nothing says
// "submitting" before a request leaves, messages in a terminal's terms, piped output that is never
// silent for 10 s, "did you mean" for flags and models, inputs told by their bytes, and the `sim`
// subcommand that lets anyone try it with no key. Against the simulator (sim/server.mjs) and
// tests/cli/fake-api.mjs, both on 127.0.0.1.
import { describe, test, mock } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, openSync, ftruncateSync, closeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { EXIT } from "../../cli/exit-codes.js";
import { SIM_PORT } from "../../sim/server.mjs";
import { createReporter, redactor } from "../../cli/progress.js";
import { root, KEY, outputs, tmp, tag, useServers, cli, onlyJson, files, closedPort, lineTimes } from "./harness.mjs";

const SAMPLE = readFileSync(path.join(root, "sim/media/sample.mp4"));
const FRAME = path.join(root, "sim/media/first-frame.jpg");
const FAST = ["--poll-interval", "0.1"];
/** The issue's bound: piped output prints a line at least this often. */
const HEARTBEAT_MS = 10_000;
/** What only a web page's author can act on, or the package's JavaScript names: never in a terminal's message. */
const FOR_PAGES = /CORS|browser|this page|page's origin|\bbaseUrl\b|clientRequestId: false|recoverGeneration|waitForVideo/;

const servers = useServers();
const simUrl = (...a) => servers.simUrl(...a);
const simLog = (...a) => servers.simLog(...a);

describe("a blank key is no key", { concurrency: 4 }, () => {
  test("blank AIMLAPI_API_KEY and the vendor's API: exit 3 (missing_api_key), and no space reads [redacted]", async () => {
    for (const blank of [" ", "   ", " \t "]) {
      const r = await cli(["A cat", "--json"], { env: { AIMLAPI_API_KEY: blank } });
      assert.equal(r.code, EXIT.auth, r.stderr);
      assert.equal(onlyJson(r.stdout).error.code, "missing_api_key");
      assert.doesNotMatch(r.stdout + r.stderr, /\[redacted\]/);
      assert.match(r.stderr, /No API key \(AIMLAPI_API_KEY is set but blank\)/);
    }
  });

  test("the vendor's API named by --base-url or AIMLAPI_BASE_URL still needs the key: exit 3", async () => {
    const [flag, env] = await Promise.all([
      cli(["A cat", "--json", "--base-url", "https://api.aimlapi.com"], { env: { AIMLAPI_API_KEY: undefined } }),
      cli(["A cat", "--json"], { env: { AIMLAPI_API_KEY: " ", AIMLAPI_BASE_URL: "https://API.aimlapi.com/" } }),
    ]);
    for (const r of [flag, env]) {
      assert.equal(r.code, EXIT.auth, r.stderr);
      assert.equal(onlyJson(r.stdout).error.code, "missing_api_key");
    }
  });

  test("a placeholder key of one letter blanks out only itself, not that letter in every word", async () => {
    const r = await cli(["A cat", "--durration", "8"], { env: { AIMLAPI_API_KEY: "e" } });
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /^aimlapi-video: Unknown flag --durration; did you mean --duration\?\n/);
    assert.doesNotMatch(r.stderr, /\[redacted\]/);
  });

  test("a blank key with the simulator: no key sent, nothing redacted", async () => {
    const t = tag("blank-sim");
    const r = await cli(["A cat", "-o", "c.mp4", "--base-url", simUrl(t), ...FAST], { env: { AIMLAPI_API_KEY: " " } });
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.doesNotMatch(r.stderr, /\[redacted\]/);
    assert.match(r.stderr, /Saved c\.mp4/);
    assert.ok((await simLog(t)).every((q) => q.authorization === null), "no Authorization header");
  });
});

describe("nothing says submitting before a request leaves", { concurrency: 4 }, () => {
  test("an option refused locally is the first line (piped), and nothing was sent", async () => {
    const t = tag("local-refusal");
    const [plain, budget] = await Promise.all([
      cli(["A cat", "--image", FRAME, "-d", "5", "--base-url", simUrl(t), ...FAST]),
      cli(["A cat", "--image", FRAME, "-d", "5", "--max-usd", "9", "--base-url", simUrl(t), ...FAST]),
    ]);
    for (const r of [plain, budget]) {
      assert.equal(r.code, EXIT.usage, r.stderr);
      assert.match(r.stderr.split("\n")[0], /^aimlapi-video: duration must be 4, 6 or 8/, "the error is the first line");
      assert.doesNotMatch(r.stderr, /submitting|starting|price list/);
    }
    assert.deepEqual(await simLog(t), [], "nothing was sent, not even the price list's read");
  });

  test("on a terminal too (a pseudo-terminal through script(1))", { skip: !hasScript() && "no script(1)" }, async () => {
    const t = tag("local-refusal-tty");
    const out = await inTerminal(["A cat", "--image", FRAME, "-d", "5", "--base-url", simUrl(t)]);
    assert.match(out, /duration must be 4, 6 or 8/);
    assert.doesNotMatch(out, /submitting|starting/);
    assert.deepEqual(await simLog(t), []);
  });

  test("the first progress line of a run is the submit's", async () => {
    const t = tag("first-line");
    const r = await cli(["A cat", "-o", "c.mp4", "--base-url", simUrl(t), ...FAST]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stderr.split("\n")[0], /^\[ *\d+\.\d s\] submitting \(client request id /);
  });
});

describe("messages in a terminal's terms", { concurrency: 4 }, () => {
  test("a network error names --base-url and gives no browser advice", async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const t = tag("dropped");
    const [refused, json, quote, dropped] = await Promise.all([
      cli(["A cat", "-o", "c.mp4", "--base-url", base, ...FAST]),
      cli(["A cat", "--json", "--base-url", base, ...FAST]),
      cli(["--estimate", "--base-url", base]),
      // The submit's connection dropped after it was sent: the job may exist.
      cli(["A cat", "--timeout", "1", "-o", "c.mp4", "--base-url", simUrl(t, "submitdrop"), ...FAST]),
    ]);
    for (const r of [refused, json, quote, dropped]) {
      assert.equal(r.code, EXIT.api, r.stderr);
      assert.match(r.stderr, /Could not reach|could not be reached/);
      assert.match(r.stderr, /--base-url/);
      assert.doesNotMatch(r.stderr, FOR_PAGES);
    }
    const { error } = onlyJson(json.stdout);
    assert.equal(error.code, "network_error");
    assert.doesNotMatch(error.message, FOR_PAGES);
    // The lost submit's advice stays where a submit may have left; the command that finds the job.
    assert.match(dropped.stderr, /\n  aimlapi-video --resume [0-9a-f-]{36} -m google\/veo-3\.1-t2v --submitted-at \d+ --base-url /);
  });

  test("a status read's retries are told in the terminal's terms too", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const r = await cli(["--resume", "job-1:google/veo-3.1-t2v", "--timeout", "2", "--base-url", base]);
    assert.match(r.stderr, /\] status read failed \(network_error: Could not reach .*--base-url.*\); retry 1 in /);
    assert.doesNotMatch(r.stderr, FOR_PAGES);
  });

  test("a refused connection sent nothing: it says so, with no job to look for", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const [r, j] = await Promise.all([cli(["A cat", "-o", "c.mp4", "--base-url", base, ...FAST]), cli(["A cat", "--json", "--base-url", base, ...FAST])]);
    assert.equal(r.code, EXIT.api, r.stderr);
    assert.match(r.stderr, /the connection was refused, so nothing was sent and nothing paid/);
    assert.match(r.stderr, /is the simulator \(aimlapi-video sim\) or your proxy running there\?/);
    assert.doesNotMatch(r.stderr, /job may exist|usage logs|--resume|charged again/);
    assert.equal(onlyJson(j.stdout).error.clientRequestId, undefined);
  });
});

describe("piped output is never silent for 10 s", () => {
  test("the reporter's heartbeat: a line within 10 s of the last, with the time and the package's estimate", () => {
    mock.timers.enable({ apis: ["setInterval"] });
    try {
      let clock = 0;
      let written = "";
      const rep = createReporter({ stream: { isTTY: false, write: (s) => (written += s) }, redact: redactor([KEY]), now: () => clock });
      rep.start("checking the options (m)", { say: false });
      assert.equal(written, "", "nothing before a request leaves");
      rep.event({ type: "submitting", id: null, clientRequestId: "c", status: null, elapsedMs: 0, expectedMs: 45_000, polls: 0 });
      rep.event({ type: "submitted", id: "abcdef1234567890:m/x", clientRequestId: "c", status: "queued", elapsedMs: 0, expectedMs: 45_000, polls: 0 });
      clock = 2000;
      rep.event({ type: "status", id: "abcdef1234567890:m/x", clientRequestId: "c", status: "generating", elapsedMs: 2000, expectedMs: 45_000, polls: 1 });
      let last = 2000;
      const times = [];
      for (clock = 2000; clock <= 60_000; clock += 250) {
        mock.timers.tick(250);
        const n = written.split("\n").length;
        if (n > times.length + 4) times.push(clock);
      }
      for (const t of times) {
        assert.ok(t - last <= HEARTBEAT_MS, `a line ${t - last} ms after the last`);
        last = t;
      }
      assert.ok(times.length >= 5, written);
      assert.match(written, /\] still generating · \d+ s, usually done by 45 s \(job abcdef12…\)\n/);
      assert.match(written, /\] still generating · \d+ s, longer than the usual 45 s \(job abcdef12…\)\n/);
      rep.stop();
    } finally {
      mock.timers.reset();
    }
  });

  test("a job that takes a while, piped: no gap over 10 s between lines", async () => {
    const t = tag("heartbeat");
    // The job never ends; one status read a second brings no news after the first.
    const r = await cli(["A cat", "--timeout", "13", "--poll-interval", "1", "--base-url", simUrl(t, "never")]);
    assert.equal(r.code, EXIT.timeout, r.stderr);
    const times = [0, ...lineTimes(r.stderr)];
    const gaps = times.slice(1).map((x, i) => x - times[i]);
    assert.ok(Math.max(...gaps) <= HEARTBEAT_MS / 1000, `gaps ${gaps.join(", ")}:\n${r.stderr}`);
    assert.ok(times.at(-1) >= 13 - HEARTBEAT_MS / 1000, `a line in the last 10 s before the timeout:\n${r.stderr}`);
    assert.match(r.stderr, /\] still generating · \d+ s, (usually done by|longer than the usual) \d+ s \(job /);
  });
});

describe("did you mean", { concurrency: 4 }, () => {
  test("a mistyped flag gets the nearest one, and nothing is sent", async () => {
    const t = tag("typo");
    const base = ["--base-url", simUrl(t)];
    const cases = [
      [["A cat", "--durration", "8", ...base], /Unknown flag --durration; did you mean --duration\?/],
      [["A cat", "--base_url", "x"], /Unknown flag --base_url; did you mean --base-url\?/],
      [["A cat", "--imageUrl", FRAME, ...base], /Unknown flag --imageUrl; did you mean --image\?/],
      [["A cat", "--aspect", "16:9", ...base], /did you mean --aspect-ratio\?/],
      [["A cat", "--ouptut", "x.mp4", ...base], /did you mean --output\?/],
      [["A cat", "--resolutoin", "720p", ...base], /did you mean --resolution\?/],
      [["A cat", "--prompt", "x", ...base], /There is no --prompt flag: the prompt is the one argument/],
      [["A cat", "--zzzzzzzz", ...base], /^aimlapi-video: Unknown flag --zzzzzzzz\n/],
      [["sim", "--prot", "0"], /Unknown flag --prot of aimlapi-video sim; did you mean --port\?/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      assert.equal(runs[i].code, EXIT.usage, `${args.join(" ")}: ${runs[i].stderr}`);
      assert.match(runs[i].stderr, message);
    }
    assert.deepEqual(await simLog(t), []);
  });

  test("a model the family lacks: the nearest one, when the API refuses it and in --estimate", async () => {
    const t = tag("model-typo");
    const [refused, quote] = await Promise.all([
      cli(["A cat", "-m", "google/veo-3.1-t2", "--base-url", `${servers.fake.url}/m/strict`, ...FAST]),
      cli(["--estimate", "-m", "veo-3.1-t2v-fast", "--base-url", simUrl(t)]),
    ]);
    assert.equal(refused.code, EXIT.usage, refused.stderr);
    assert.match(refused.stderr, /Unknown model google\/veo-3\.1-t2\.? \(-m google\/veo-3\.1-t2 is not a model of the family; did you mean google\/veo-3\.1-t2v\?\) \[invalid_request\]/);
    assert.equal(quote.code, EXIT.ok, quote.stderr);
    assert.match(quote.stdout, /^no estimate for veo-3\.1-t2v-fast: .*; did you mean google\/veo-3\.1-t2v-fast\?\n$/);
  });
});

describe("inputs are told by their bytes, before any request", { concurrency: 4 }, () => {
  // The command line's own check; the package's core is to refuse a mislabeled data: URL too
  // (issue 29, part 5), a second door behind this one.
  test("a text file named cat.png: exit 2, the fake API saw no request", async () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, "cat.png"), "this is not a picture\n");
    const before = servers.fake.requests.length;
    const r = await cli(["A cat", "--image", "cat.png", "--base-url", `${servers.fake.url}/m/webm`, ...FAST], { cwd });
    assert.deepEqual(servers.fake.requests.slice(before), [], "no request");
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /--image cat\.png: not a PNG, JPEG, WebP or GIF image \(by its first bytes, whatever its name\)/);
  });

  test("a text file named clip.mp4 as --video: exit 2, no request", async () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, "clip.mp4"), "<html>not a video</html>\n");
    const t = tag("text-video");
    const r = await cli(["And then", "--video", "clip.mp4", "--base-url", simUrl(t), ...FAST], { cwd });
    assert.deepEqual(await simLog(t), [], "no request");
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /--video clip\.mp4: not an MP4, WebM or QuickTime video/);
  });

  test("an image over 10 MB is refused by its size before it is read", async () => {
    const cwd = tmp();
    const file = path.join(cwd, "huge.png");
    // A PNG's signature, then 11 MB of a sparse file: nothing is held or read.
    writeFileSync(file, Buffer.from("89504e470d0a1a0a", "hex"));
    const fd = openSync(file, "r+");
    ftruncateSync(fd, 11 * 1024 * 1024);
    closeSync(fd);
    const t = tag("huge");
    const r = await cli(["A cat", "--image", "huge.png", "--base-url", simUrl(t), ...FAST], { cwd });
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /--image huge\.png: 11\.0 MB, and an image sent as a file may be at most 10 MB/);
    assert.deepEqual(await simLog(t), []);
  });
});

describe("aimlapi-video sim", () => {
  test("starts the simulator, prints a line to paste that works with no key, and stops on Ctrl-C (exit 0)", async () => {
    const port = await closedPort();
    // An AIMLAPI_BASE_URL that goes nowhere: the subcommand does not call it.
    const env = { AIMLAPI_API_KEY: undefined, AIMLAPI_BASE_URL: `http://127.0.0.1:${port}` };
    const server = runLong(["sim", "--port", "0", "--job-ms", "300"], env);
    const line = await server.waitFor(/^ {2}(aimlapi-video --base-url http:\/\/127\.0\.0\.1:\d+ 'a red fox in snow' -o fox\.mp4)$/m);
    assert.match(server.stdout(), /^The simulator of AI\/ML API runs at http:\/\/127\.0\.0\.1:\d+ \(no key needed, nothing paid; each video takes 0\.3 s, its costs are made up\)/);
    // The pasted line, as a shell splits it.
    const words = line[1].match(/'[^']*'|\S+/g).map((w) => w.replace(/^'|'$/g, ""));
    const r = await cli([...words.slice(1), ...FAST], { env: { AIMLAPI_API_KEY: undefined } });
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.ok(readFileSync(path.join(r.cwd, "fox.mp4")).equals(SAMPLE));
    // The JavaScript line works as printed (the default model would also need an image).
    const js = /^or from JavaScript: (await generateVideo\(.*\))$/m.exec(server.stdout())[1];
    const entry = JSON.stringify(new URL("../../dist/index.js", import.meta.url).href);
    const inNode = spawn(process.execPath, ["--input-type=module", "-e", `import { generateVideo } from ${entry}; console.log((${js}).status);`]);
    let printed = "";
    inNode.stdout.on("data", (d) => (printed += d));
    inNode.stderr.on("data", (d) => (printed += d));
    await new Promise((resolve) => inNode.once("exit", resolve));
    assert.equal(printed.trim(), "completed");
    const { code, stdout } = await server.stop("SIGINT");
    assert.equal(code, EXIT.ok);
    assert.match(stdout, /The simulator stopped \(SIGINT\)/);
  });

  test("a port that is taken: exit 2, saying so", async () => {
    const busy = net.createServer();
    await new Promise((resolve) => busy.listen(0, "127.0.0.1", resolve));
    try {
      const r = await cli(["sim", "--port", String(busy.address().port)]);
      assert.equal(r.code, EXIT.usage, r.stderr);
      assert.match(r.stderr, /--port \d+: that port is taken; pick another, or --port 0 for any free one/);
    } finally {
      busy.close();
    }
  });

  test("--help of the subcommand, and the main --help names it", async () => {
    const [sub, main] = await Promise.all([cli(["sim", "--help"]), cli(["--help"])]);
    assert.equal(sub.code, EXIT.ok);
    assert.match(sub.stdout, /^aimlapi-video sim \[--port <n>\] \[--job-ms <ms>\]/);
    // The simulator's own default port (the README's line), which the command does not import.
    assert.ok(sub.stdout.includes(`(default ${SIM_PORT},`), sub.stdout);
    assert.match(main.stdout, /\n {2}aimlapi-video sim \[--port <n>\] \[--job-ms <ms>\]\n/);
  });
});

test("the command line's exit statuses all come from cli/exit-codes.js", () => {
  const dir = path.join(root, "cli");
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".js") && x !== "exit-codes.js")) {
    const src = readFileSync(path.join(dir, f), "utf8");
    assert.doesNotMatch(src, /process\.exit\(\s*\d|exitCode\s*=\s*\d|return\s+\d+\s*;/, `${f} uses an exit code of its own`);
  }
});

test("no output of these runs holds the key", () => {
  assert.ok(outputs.length >= 10);
  for (const { args, stdout, stderr } of outputs) assert.ok(!(stdout + stderr).includes(KEY), args.join(" "));
});

function hasScript() {
  try {
    return readdirSync("/usr/bin").includes("script");
  } catch {
    return false;
  }
}

/** The command line's output on a pseudo-terminal (script(1)), with the test key. */
function inTerminal(args) {
  const cli = path.join(root, "cli/main.js");
  const command = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIMLAPI_"))), AIMLAPI_API_KEY: KEY };
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: tmp(), env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), 20000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(killer);
      outputs.push({ args, stdout: out, stderr: "" });
      resolve(out);
    });
  });
}

/** A command line that runs until it is stopped (the sim): waitFor(re) its stdout, then stop(signal). */
function runLong(args, env) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIMLAPI_")));
  const full = { ...base, AIMLAPI_API_KEY: KEY, ...env };
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
  const child = spawn(process.execPath, [path.join(root, "cli/main.js"), ...args], { cwd: tmp(), env: full, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const killer = setTimeout(() => child.kill("SIGKILL"), 30000);
  const closed = new Promise((resolve) => child.on("close", (code) => {
    clearTimeout(killer);
    outputs.push({ args, stdout, stderr });
    resolve(code);
  }));
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return {
    stdout: () => stdout,
    waitFor: (re) => new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(stdout);
        if (m) {
          child.stdout.off("data", check);
          resolve(m);
        }
      };
      child.stdout.on("data", check);
      check();
      closed.then((code) => reject(new Error(`ended (exit ${code}) before ${re}:\n${stdout}\n${stderr}`)));
    }),
    stop: async (signal) => {
      child.kill(signal);
      return { code: await closed, stdout, stderr };
    },
  };
}
