#!/usr/bin/env node
// The command line, `npx aimlapi-video "<prompt>" -o out.mp4`: reads the flags,
// makes the video with the package (or follows an earlier job with --resume, found by its generation
// id or by the client request id of a submit whose answer was lost), streams it to disk,
// and exits with a code that says what failed (cli/exit-codes.js). The key comes only from
// AIMLAPI_API_KEY and is never printed.
import { readFileSync } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import path from "node:path";
import { readArgs, helpText, defaultModel, UsageError, FLAG_OF_OPTION, USAGE } from "./args.js";
import { imageInput, videoInput } from "./inputs.js";
import { download, shownUrl } from "./download.js";
import { createReporter, redactor, megabytes, dollars, quoteLine } from "./progress.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { FIELDS, DEFAULT_MODEL } from "../js/family.js";

const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
const API_KEY = process.env.AIMLAPI_API_KEY?.trim() || undefined;
const redact = redactor([process.env.AIMLAPI_API_KEY, API_KEY]);

/** A problem of the set-up the command line finds itself: no key (exit 3). */
class SetupError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Writes every output to the end, then exits with `code`. */
function exit(code) {
  process.exitCode = code;
  const done = () => process.exit(code);
  process.stdout.write("", () => process.stderr.write("", done));
}

/** A word of a shell command, quoted when it has to be. */
function shellWord(s) {
  return /^[A-Za-z0-9_\-.:/=@%+,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path as the user would type it from here: relative inside the current folder. */
function shownPath(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/** The default file name: the generation id up to its first ":", made safe for a file name. */
function defaultName(id) {
  const head = String(id ?? "").split(":")[0].replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[.-]+/, "").slice(0, 100);
  return `${head || "video"}.mp4`;
}

/** The files of a job's videos: `file` for the first, then file-2.mp4, file-3.mp4, ... (before the extension). */
function filesFor(file, n) {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  return Array.from({ length: n }, (_, i) => (i === 0 ? file : `${stem}-${i + 1}${ext}`));
}

/** The command that runs this one again: through npx when npx ran it (the command is then not on the PATH). */
const SELF = process.env.npm_command === "exec" ? ["npx", "aimlapi-video"] : ["aimlapi-video"];

/**
 * How much earlier than the submit's moment by this machine's clock the usage logs are read from,
 * in the command that looks a lost submit up: the logs' times are the API's clock.
 */
const CLOCK_SLACK_MS = 10 * 60_000;

/** Error codes of a submit whose job may exist though no id came back (the answer was lost or broken). */
const UNCERTAIN = new Set(["network_error", "server_error", "bad_response", "timeout"]);

/** Where -o points: a file, or a folder to put the default name in. Checked before anything is sent. */
async function outputTarget(output) {
  const folder = async (dir, what) => {
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new UsageError(`${what}: the folder ${dir} does not exist`, "bad_input");
    await access(dir, constants.W_OK).catch(() => {
      throw new UsageError(`${what}: cannot write in the folder ${dir}`, "bad_input");
    });
  };
  if (output === undefined || output === "") {
    await folder(process.cwd(), "the current folder");
    return { dir: process.cwd(), file: null, given: false };
  }
  const abs = path.resolve(output);
  const st = await stat(abs).catch(() => null);
  if (st?.isDirectory() || /[\\/]$/.test(output)) {
    await folder(abs, `-o ${output}`);
    return { dir: abs, file: null, given: true };
  }
  await folder(path.dirname(abs), `-o ${output}`);
  return { dir: path.dirname(abs), file: abs, given: true };
}

/** The package's option names in its messages, with the flags that set them (the longest first, so that a name that begins another is not taken for it). */
const OPTION_NAME = new RegExp(`\\b(${Object.keys(FLAG_OF_OPTION).sort((a, b) => b.length - a.length).join("|")})\\b(\\[\\d+\\])?`, "g");
function withFlags(message) {
  return message.replace(OPTION_NAME, (all, name) => `${all} (${FLAG_OF_OPTION[name]})`);
}

/** { code, message, generationId?, submittedAt? } of any failure. */
function describe(e, interrupted) {
  const out = { code: typeof e?.code === "string" ? e.code : "internal_error", message: String(e?.message ?? e) };
  if (e?.name === "AbortError" && out.code !== "aborted") out.code = "aborted";
  if (interrupted) {
    out.code = "aborted";
    out.message = `Interrupted (${interrupted}).`;
  }
  if (!(e instanceof UsageError) && !(e instanceof SetupError) && !e?.code && !interrupted) {
    out.message = `Unexpected failure: ${out.message}`;
  }
  out.message = withFlags(out.message.replace(/\bmaxUsd\b/g, "--max-usd"));
  // The package speaks to programs; here the flags and the commands printed below say it.
  out.message = out.message
    .replace(/\(timeoutMs\)/g, "(--timeout)")
    .replace(/\brecoverGeneration\(\{[^)]*\}\)/g, "--resume (the command below)")
    .replace(/\s*[^.]*\bwaitForVideo\([^)]*\)[^.]*\./g, "");
  if (e?.generationId) out.generationId = e.generationId;
  if (Number.isFinite(e?.submittedAt)) out.submittedAt = Math.round(e.submittedAt);
  if (typeof e?.clientRequestId === "string" && e.clientRequestId) out.clientRequestId = e.clientRequestId;
  return out;
}

/** The package (dist/index.js, by its own name through package.json's exports). */
async function loadPackage() {
  try {
    return await import("aimlapi-video");
  } catch (e) {
    throw new Error(`the package's module (dist/index.js) could not be loaded: ${e?.message ?? e}`);
  }
}

/**
 * --estimate: the price list's quote for the model and settings given, on stdout; nothing is
 * submitted and no key is sent (the price list is public). No estimate (a variable price, a model
 * not listed) is an answer too: its reason, exit 0.
 */
async function estimate(args, baseUrl, signal) {
  const api = await loadPackage();
  const { model, duration, resolution, generateAudio, maxUsd } = args.options;
  const q = await api.estimateCost({ model: model ?? defaultModel(args.inputs), duration, resolution, generateAudio, baseUrl, signal });
  if (args.json) {
    const { usd, currency, model: m, kind, reason, unit, price, per, quantity } = q;
    process.stdout.write(`${JSON.stringify({ estimate: { usd, currency, model: m, kind, reason, unit, price, per, quantity } })}\n`);
  } else {
    const budget = maxUsd === undefined || q.usd == null ? "" : q.usd > maxUsd ? `; over --max-usd ${dollars(maxUsd)}` : `; within --max-usd ${dollars(maxUsd)}`;
    process.stdout.write(`${quoteLine(q)}${budget}\n`);
  }
  return EXIT.ok;
}

async function main(argv) {
  const flagsPart = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  let json = flagsPart.includes("--json");
  const stdout = (s) => process.stdout.write(redact(s));
  const stderr = (s) => process.stderr.write(redact(s));

  // Everything the failure path needs, filled in as the run goes.
  // `clientRequestId` and `submitting`: the paid submit's id, and whether it is on its way (between
  // the "submitting" and "submitted" events), to say how to find a job whose answer never came.
  // `model` and `sentAt`: the submit's model and when it went out (this clock), for the command that
  // finds its job; `lookup`: set while --resume looks a client request id up.
  const run = { id: null, submittedAt: undefined, file: null, target: null, baseUrlFlag: undefined, interrupted: null, reporter: null, clientRequestId: null, submitting: false, model: null, sentAt: undefined, lookup: null };
  const say = (line) => (run.reporter ? run.reporter.message(line) : stderr(`${line}\n`));

  function resumeHint(code) {
    if (!run.id || code === "not_found" || code === "invalid_request") return;
    const file = run.file ?? (run.target ? run.target.file ?? path.join(run.target.dir, defaultName(run.id)) : null);
    const command = commandLine(["--resume", run.id], run.submittedAt, file);
    const lead = {
      generation_failed: `Job ${run.id} failed; it will not finish. To read its status again:`,
      download_failed: "The video is made; to download it again:",
      aborted: run.file ? "The video is made; to download it later:" : "The job goes on on the server. To resume it:",
      unauthorized: "Fix AIMLAPI_API_KEY, then resume the job:",
      forbidden: "Once the key is allowed again (credits?), resume the job:",
    }[code] ?? "The job may still finish. To resume it:";
    say(`${lead}\n  ${command}`);
  }

  /** The command that runs this one again with `args`, --submitted-at, --base-url and -o as they apply. */
  function commandLine(args, submittedAt, file) {
    const cmd = [...SELF, ...args];
    if (submittedAt !== undefined) cmd.push("--submitted-at", String(Math.round(submittedAt)));
    if (run.baseUrlFlag !== undefined) cmd.push("--base-url", run.baseUrlFlag);
    if (file) cmd.push("-o", shownPath(file));
    return cmd.map(shellWord).join(" ");
  }

  /** The command that looks a client request id up in the usage logs and saves its job's video. */
  function findHint(clientRequestId, model, submittedAt, lead) {
    const out = run.target ? run.target.file ?? (run.target.given ? run.target.dir : null) : null;
    say(`${lead}\n  ${commandLine(["--resume", clientRequestId, "-m", model], submittedAt, out)}`);
  }

  function failWith(e) {
    run.reporter?.stop();
    const err = describe(e, run.interrupted);
    if (!err.generationId && run.id) err.generationId = run.id;
    if (err.submittedAt === undefined && run.submittedAt !== undefined) err.submittedAt = Math.round(run.submittedAt);
    if (err.submittedAt !== undefined) run.submittedAt = err.submittedAt;
    if (err.generationId) run.id = err.generationId;
    if (!err.clientRequestId && run.submitting && run.clientRequestId) err.clientRequestId = run.clientRequestId;
    if (!err.clientRequestId && run.lookup) err.clientRequestId = run.lookup.clientRequestId;
    say(`aimlapi-video: ${err.message}${err.code === "usage" ? "" : ` [${err.code}]`}`);
    if (err.code === "usage") say(USAGE);
    // A submit sent with no id back: the job may exist, and only its client request id finds it.
    const uncertain = !run.id && err.clientRequestId && ((run.interrupted && run.submitting) || UNCERTAIN.has(err.code) || e?.status >= 500 || e?.status === 408);
    const lost = run.interrupted ? "It stopped while the submit was on its way" : "The submit was sent but no job id came back";
    if (uncertain && !run.lookup) {
      say(`${lost}: the job may exist; its client request id is ${err.clientRequestId}`);
      const from = run.sentAt === undefined ? undefined : run.sentAt - CLOCK_SLACK_MS;
      findHint(err.clientRequestId, run.model ?? DEFAULT_MODEL, from, "To find it in the usage logs and save its video (nothing is submitted again):");
    } else if (run.lookup && !run.id && err.code !== "usage" && err.code !== "invalid_request") {
      // --resume <client request id> ended before it found the job: the logs may list it later.
      findHint(run.lookup.clientRequestId, run.lookup.model, run.lookup.submittedAt, "To look for the job again:");
    } else if (run.interrupted && !run.id) say("It stopped before the submit was sent: nothing was paid.");
    resumeHint(err.code);
    if (json) stdout(`${JSON.stringify({ error: err })}\n`);
    return run.interrupted === "SIGTERM" ? EXIT.terminated : exitCodeFor(err.code);
  }

  let args;
  try {
    args = readArgs(argv);
  } catch (e) {
    return failWith(e);
  }
  json = args.json;
  if (args.help) {
    stdout(helpText(VERSION));
    return EXIT.ok;
  }
  if (args.version) {
    stdout(`${VERSION}\n`);
    return EXIT.ok;
  }

  const controller = new AbortController();
  const onSignal = (sig) => {
    if (run.interrupted) {
      // A second Ctrl-C: stop now.
      process.exitCode = failWith(new Error("stopped"));
      exit(process.exitCode);
      return;
    }
    run.interrupted = sig;
    controller.abort();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  try {
    run.baseUrlFlag = args.baseUrlFlag;
    const baseUrl = args.baseUrlFlag ?? (process.env.AIMLAPI_BASE_URL?.trim() || undefined);
    if (args.estimate) return await estimate(args, baseUrl, controller.signal);
    if (!API_KEY && !baseUrl) {
      throw new SetupError(
        "No API key: set the environment variable AIMLAPI_API_KEY (e.g. `read -rs AIMLAPI_API_KEY && export AIMLAPI_API_KEY`), or point --base-url / AIMLAPI_BASE_URL at your proxy.",
        "missing_api_key",
      );
    }
    run.target = await outputTarget(args.output);
    run.reporter = createReporter({ stream: process.stderr, quiet: args.quiet, redact });
    const reporter = run.reporter;
    const onProgress = (e) => {
      if (e.type === "submitting") {
        run.clientRequestId = e.clientRequestId ?? null;
        run.submitting = true;
        run.sentAt = Date.now();
      }
      if (e.type === "submitted") run.submitting = false;
      if (e.type === "submitted" && e.id) {
        run.id = e.id;
        run.submittedAt = Date.now();
      }
      reporter.event(e);
    };
    const common = { baseUrl, signal: controller.signal, onProgress, ...args.wait };
    if (API_KEY) common.apiKey = API_KEY;

    const api = await loadPackage();

    let result;
    let found = null;
    if (args.resume !== undefined && args.resumeKind === "clientRequestId") {
      // A lost submit's job, found by its client request id in the usage logs (nothing paid is
      // sent), then followed as a generation id is. --timeout bounds the two together.
      const model = args.options.model ?? DEFAULT_MODEL;
      run.lookup = { clientRequestId: args.resume, model, submittedAt: args.submittedAt };
      reporter.start(`looking for the job of client request id ${args.resume} in the usage logs of ${model}`);
      const t0 = Date.now();
      found = await api.recoverGeneration({
        clientRequestId: args.resume, model, baseUrl, signal: controller.signal, ...(API_KEY ? { apiKey: API_KEY } : {}),
        ...(args.wait.timeoutMs !== undefined ? { timeoutMs: args.wait.timeoutMs } : {}),
        ...(args.submittedAt !== undefined ? { submittedAt: args.submittedAt } : {}),
      });
      run.id = found.id;
      run.submittedAt = found.submittedAt;
      reporter.state.id = found.id;
      if (!args.quiet) say(`found job ${found.id}`);
      // Each is a job of its own, charged: said even with -q.
      for (const other of found.duplicates ?? []) say(`another job under the same client request id, charged too: ${other}`);
      const left = (args.wait.timeoutMs ?? 600_000) - (Date.now() - t0);
      result = await api.waitForVideo({ ...common, timeoutMs: Math.max(1, left), id: found.id, ...(Number.isFinite(found.submittedAt) ? { submittedAt: found.submittedAt } : {}) });
    } else if (args.resume !== undefined) {
      run.id = args.resume;
      run.submittedAt = args.submittedAt;
      reporter.state.id = args.resume;
      reporter.start(`resuming job ${args.resume}`);
      result = await api.waitForVideo({ ...common, id: args.resume, ...(args.submittedAt !== undefined ? { submittedAt: args.submittedAt } : {}) });
    } else {
      const options = { ...args.options, prompt: args.prompt, model: args.options.model ?? defaultModel(args.inputs), ...common };
      run.model = options.model;
      // Each input by its kind: an image (or a list of them) or a video, from a file or a URL.
      for (const [name, arg] of Object.entries(args.inputs)) {
        if (arg === undefined) continue;
        const { kind, flag } = FIELDS[name];
        if (kind === "images") options[name] = await Promise.all(arg.map((a) => imageInput(`--${flag}`, a)));
        else options[name] = await (kind === "video" ? videoInput : imageInput)(`--${flag}`, arg);
      }
      reporter.start(`${options.maxUsd ? "reading the price list" : "starting"} (${options.model})`);
      result = await api.generateVideo(options);
    }
    run.id = result.id;
    run.submitting = false;

    const urls = result.videoUrls?.length ? result.videoUrls : [result.videoUrl];
    const files = filesFor(run.target.file ?? path.join(run.target.dir, defaultName(result.id)), urls.length);
    run.file = files[0];
    let bytes = 0;
    for (const [i, url] of urls.entries()) {
      reporter.downloading(shownPath(files[i]), shownUrl(url));
      bytes += (await download(url, files[i], { signal: controller.signal, onBytes: reporter.bytes })).bytes;
    }
    reporter.stop();
    if (!args.quiet) {
      // The last lines, where the eye lands: what was saved, what it cost, the ids to quote.
      say(`Saved ${files.map(shownPath).join(", ")} (${megabytes(bytes)}; ${Math.round(result.elapsedMs / 1000)} s, ${result.polls} status ${result.polls === 1 ? "read" : "reads"})`);
      const credits = result.creditsUsed == null ? "" : `${result.creditsUsed} credits`;
      if (result.usdSpent != null) say(`Cost: ${dollars(result.usdSpent)}${credits ? ` (${credits})` : ""}`);
      else say(`Cost: the API did not report it${credits ? ` (${credits})` : ""}`);
      say(`Generation id: ${result.id}`);
      say(`Client request id: ${result.clientRequestId ?? found?.clientRequestId ?? "none (--resume sends no submit)"}`);
    }
    if (json) {
      const out = {
        id: result.id, clientRequestId: result.clientRequestId ?? found?.clientRequestId ?? null, videoUrl: result.videoUrl, videoUrls: urls, file: files[0], files,
        elapsedMs: Math.round(result.elapsedMs), polls: result.polls, usdSpent: result.usdSpent ?? null, creditsUsed: result.creditsUsed ?? null,
      };
      if (found) out.duplicates = found.duplicates ?? [];
      stdout(`${JSON.stringify(out)}\n`);
    } else {
      stdout(files.map((f) => `${f}\n`).join(""));
    }
    return EXIT.ok;
  } catch (e) {
    return failWith(e);
  }
}

process.on("uncaughtException", (e) => {
  process.stderr.write(redact(`aimlapi-video: unexpected failure: ${e?.stack ?? e}\n`));
  exit(EXIT.internal);
});

main(process.argv.slice(2)).then(exit, (e) => {
  process.stderr.write(redact(`aimlapi-video: unexpected failure: ${e?.stack ?? e}\n`));
  exit(EXIT.internal);
});
