#!/usr/bin/env node
// The command line, `npx aimlapi-video "<prompt>" -o out.mp4`: reads the flags,
// makes the video with the package (or follows an earlier job with --resume, found by its generation
// id or by the client request id of a submit whose answer was lost), streams it to disk,
// and exits with a code that says what failed (cli/exit-codes.js). The key comes only from
// AIMLAPI_API_KEY and is never printed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { readArgs, helpText, defaultModel } from "./args.js";
import { imageInput, videoInput } from "./inputs.js";
import { download, shownUrl } from "./download.js";
import { createReporter, redactor, megabytes, dollars, quoteLine } from "./progress.js";
import { EXIT } from "./exit-codes.js";
import { SetupError, shownPath, inTerminalTerms } from "./messages.js";
import { apiKeyOf, secretsOf, baseUrlOf, needsKey } from "./key.js";
import { outputTarget, defaultName, filesFor } from "./files.js";
import { createFailure, SELF } from "./failure.js";
import { nearestModel } from "./suggest.js";
import { simCommand } from "./sim.js";
import { tracedFetch } from "./traced.js";
import { FIELDS, FAMILY, DEFAULT_MODEL } from "../js/family.js";

const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
const API_KEY = apiKeyOf(process.env);
const redact = redactor(secretsOf(process.env));

/** Writes every output to the end, then exits with `code`. */
function exit(code) {
  process.exitCode = code;
  const done = () => process.exit(code);
  process.stdout.write("", () => process.stderr.write("", done));
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
  const meant = q.usd == null ? nearestModel(q.model, Object.keys(FAMILY)) : undefined;
  if (meant) q.reason = `${q.reason ?? "the price list gives none"}; did you mean ${meant}?`;
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
  // `videoUrl`: the video being downloaded, printed with a failed download's advice when it is not secret.
  // `refused`: the submit's connection was refused, so nothing was sent.
  const run = { refused: false, id: null, submittedAt: undefined, file: null, target: null, baseUrlFlag: undefined, interrupted: null, reporter: null, clientRequestId: null, submitting: false, model: null, sentAt: undefined, lookup: null, videoUrl: null };
  const say = (line) => (run.reporter ? run.reporter.message(line) : stderr(`${line}\n`));

  const failWith = createFailure(run, { say, stdout, json: () => json });

  // `aimlapi-video sim`: the simulator, to try everything with no key ("-- sim" is a prompt).
  if (argv[0] === "sim") {
    try {
      return await simCommand(argv.slice(1), { out: stdout, self: SELF });
    } catch (e) {
      return failWith(e);
    }
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
    const baseUrl = baseUrlOf(args.baseUrlFlag, process.env);
    if (args.estimate) return await estimate(args, baseUrl, controller.signal);
    // The vendor's API needs the key; a simulator or a proxy (which adds it) does not.
    if (!API_KEY && needsKey(baseUrl)) {
      const blank = process.env.AIMLAPI_API_KEY !== undefined ? " (AIMLAPI_API_KEY is set but blank)" : "";
      throw new SetupError(
        `No API key${blank}: set the environment variable AIMLAPI_API_KEY (e.g. \`read -rs AIMLAPI_API_KEY && export AIMLAPI_API_KEY\`), point --base-url / AIMLAPI_BASE_URL at your proxy, or try it with no key: \`${SELF.join(" ")} sim\`.`,
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
      // A refused connection sent nothing: there is no job to look for.
      if (e.type === "recovering" && run.refused) return;
      if (e.type === "submitted" && e.id) {
        run.id = e.id;
        run.submittedAt = Date.now();
      }
      // A retry's message is the package's error: in the terminal's terms too.
      reporter.event(e.type === "retry" && e.message ? { ...e, message: inTerminalTerms(e.message) } : e);
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
      // Quiet until a request leaves: an option the package refuses is then the first line, and
      // nothing looks sent. (A terminal's line ticks, in words that promise nothing.) The price
      // list's read (--max-usd) is seen leaving through the package's `fetch` option.
      reporter.start(`checking the options (${options.model})`, { say: false });
      options.fetch = tracedFetch({
        onPriceRead: options.maxUsd === undefined ? undefined : () => reporter.step(`reading the price list (${options.model})`),
        onRefusedSubmit: () => (run.refused = true),
      });
      result = await api.generateVideo(options);
    }
    run.id = result.id;
    run.submitting = false;

    const urls = result.videoUrls?.length ? result.videoUrls : [result.videoUrl];
    const files = filesFor(run.target.file ?? path.join(run.target.dir, defaultName(result.id)), urls.length);
    run.file = files[0];
    let bytes = 0;
    for (const [i, url] of urls.entries()) {
      run.videoUrl = url;
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
