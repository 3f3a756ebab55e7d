// The flags of the command line: their spec for node:util parseArgs, the --help text, and the
// reading of argv into what main.js needs. Only types are checked here (a number must be a number);
// the package checks the values against the model.
import { parseArgs } from "node:util";
import { EXIT, EXIT_TABLE } from "./exit-codes.js";
import { nearest } from "./suggest.js";
import { FAMILY, FIELDS, DEFAULT_MODEL } from "../js/family.js";

/** A mistake on the command line (exit 2); `code` is "usage" or "bad_input". */
export class UsageError extends Error {
  constructor(message, code = "usage") {
    super(message);
    this.name = "UsageError";
    this.code = code;
  }
}

/** The model fields (all but the prompt, which is the one positional argument), from the one table. */
const FIELD_FLAGS = Object.entries(FIELDS)
  .filter(([name]) => name !== "prompt")
  .map(([name, f]) => ({ name, ...f }));
/** The inputs: the fields that take a file or a URL (an image, a list of them, a video). */
const INPUTS = FIELD_FLAGS.filter((f) => ["image", "images", "video"].includes(f.kind));

/** A field's flags: --x, or --x and --no-x for a boolean. */
const flagsOf = (f) => (f.kind === "boolean" ? [f.flag, `no-${f.flag}`] : [f.flag]);

/** The command line's own flags, which no field of the table may take. */
const OWN = {
  extra: { type: "string" },
  output: { type: "string", short: "o" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
  "max-retries": { type: "string" },
  "max-usd": { type: "string" },
  estimate: { type: "boolean" },
  resume: { type: "string" },
  "submitted-at": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
};

const OPTIONS = {
  ...Object.fromEntries(
    FIELD_FLAGS.flatMap((f) => flagsOf(f).map((flag, i) => {
      const spec = { type: f.kind === "boolean" ? "boolean" : "string" };
      if (f.short && i === 0) spec.short = f.short;
      if (f.kind === "images") spec.multiple = true;
      return [flag, spec];
    })),
  ),
  ...OWN,
};
// A field of the table whose flag or letter is one of the command line's own would be silently
// shadowed: refuse it when the module loads (tests/unit/generate.test.mjs loads it).
{
  const taken = new Set([...Object.keys(OWN), ...Object.values(OWN).map((o) => o.short).filter(Boolean)]);
  for (const f of FIELD_FLAGS) {
    for (const x of [...flagsOf(f), f.short].filter(Boolean)) if (taken.has(x)) throw new Error(`js/family.js: the field ${f.name} takes the command line's own flag ${x}`);
  }
}

/** The flags that shape a new generation (refused with --resume, but for -m with a client request id). */
const GENERATION_FLAGS = [...FIELD_FLAGS.flatMap(flagsOf), "extra", "max-usd", "estimate"];

/** A client request id as the API takes it (X-Client-Request-Id): no "/" in its alphabet. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What --resume was given. A generation id is `<uuid>:<model>`, and every model id of the
 * endpoint has a "/" (`google/veo-3.1-i2v`), which no client request id can hold: an id a client
 * request id can be is one; anything else is a generation id.
 */
export function resumeKind(id) {
  return CLIENT_REQUEST_ID.test(id) ? "clientRequestId" : "generationId";
}

/** The package's option names and the flags that set them, to name the flag in its messages (where the two differ). */
export const FLAG_OF_OPTION = {
  ...Object.fromEntries(FIELD_FLAGS.filter((f) => f.flag !== f.name).map((f) => [f.name, flagsOf(f).map((x) => `--${x}`).join("/")])),
  maxRetries: "--max-retries",
  submittedAt: "--submitted-at",
};

/** The package's names of the command line's own options, for "did you mean" (someone who knows the JavaScript API). */
const OWN_ALIASES = { baseUrl: "base-url", timeoutMs: "timeout", pollIntervalMs: "poll-interval", maxRetries: "max-retries", maxUsd: "max-usd", submittedAt: "submitted-at", out: "output" };
/** Each field's JavaScript name, in camelCase and in kebab-case, for the flag that sets it. */
const FIELD_ALIASES = Object.fromEntries(FIELD_FLAGS.flatMap((f) => [[f.name, f.flag], [f.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), f.flag]]));

/** " (did you mean --x?)" for an unknown long flag near one of `flags` (their names without "--"), else "". */
export function didYouMean(flag, flags = Object.keys(OPTIONS), aliases = { ...FIELD_ALIASES, ...OWN_ALIASES }) {
  if (!/^--[^-]/.test(flag)) return "";
  const best = nearest(flag.slice(2), flags, Object.fromEntries(Object.entries(aliases).filter(([, f]) => flags.includes(f))));
  return best ? `; did you mean --${best}?` : "";
}

/** What each kind of field takes on the command line, and what --help adds to its doc. */
const KIND_HELP = {
  image: { arg: "<file|url>", note: " (PNG, JPEG, WebP or GIF, at most 10 MB)" },
  images: { arg: "<file|url>", note: "; repeat the flag for more" },
  video: { arg: "<file|url>", note: " (.mp4, .webm or .mov as a file)" },
  text: { arg: "<text>" },
  choice: { arg: "<value>" },
  seconds: { arg: "<s>" },
  whole: { arg: "<n>" },
  boolean: {},
};

/** A field's line of --help: its flags, then its doc as a phrase. */
function fieldLine(f) {
  const left = `${f.short ? `-${f.short}, ` : "    "}${flagsOf(f).map((x) => `--${x}`).join(", ")}${KIND_HELP[f.kind].arg ? ` ${KIND_HELP[f.kind].arg}` : ""}`;
  const doc = f.doc[0].toLowerCase() + f.doc.slice(1).replace(/\.$/, "") + (KIND_HELP[f.kind].note ?? "");
  return `  ${left.padEnd(31)}${left.length >= 31 ? "   " : ""}${doc}`;
}

/** One model's row of --help, from the one table: its inputs, the values it allows, the other flags it takes. */
function modelLines(m) {
  const inputs = INPUTS.filter((f) => m.takes[f.name]).map((f) => (m.takes[f.name].need === "required" ? `--${f.flag}` : `[--${f.flag}]`));
  const values = FIELD_FLAGS.filter((f) => m.takes[f.name]?.values.length).map((f) => `--${f.flag} ${m.takes[f.name].values.join("|")}`);
  const flags = FIELD_FLAGS.filter((f) => !INPUTS.includes(f) && f.name !== "model" && m.takes[f.name] && !m.takes[f.name].values.length && !EVERY.has(f.name)).map((f) => `--${f.flag}`);
  return [`inputs: ${inputs.join(" ") || "none (text only)"}`, `values: ${values.join("; ") || "any"}`, `also: ${flags.join(", ") || "no other flag"}`];
}

/** The fields every model takes alike (no list of values): --help says so once, not under each model. */
const EVERY = new Set(FIELD_FLAGS.filter((f) => Object.values(FAMILY).every((m) => m.takes[f.name] && !m.takes[f.name].values.length)).map((f) => f.name));

/** --help's list of models: those that take the same, together, with their tiers. */
function modelsHelp() {
  const groups = new Map();
  for (const [id, { tier, takes }] of Object.entries(FAMILY)) {
    const key = JSON.stringify(takes);
    if (!groups.has(key)) groups.set(key, { ids: [], lines: modelLines({ takes }) });
    groups.get(key).ids.push(`${id} (${tier})`);
  }
  return [...groups.values()].map(({ ids, lines }) => `  ${ids.join(", ")}\n${lines.map((l) => `      ${l}`).join("\n")}`).join("\n");
}

/**
 * The full-tier model that the inputs call for, when --model is not given: the one that needs
 * exactly the inputs given; failing that, one that needs the first given of the inputs in the
 * table's reverse order (a video, references, a last frame, a first frame: the package then says
 * what else it needs). `inputs`: each input field's value, by the field's name.
 */
export function defaultModel(inputs) {
  const given = Object.fromEntries(INPUTS.map((f) => [f.name, [].concat(inputs[f.name] ?? []).length > 0]));
  const full = Object.entries(FAMILY).filter(([, m]) => m.tier === "full");
  const needs = (m, name) => m.takes[name]?.need === "required";
  const exact = full.find(([, m]) => INPUTS.every((f) => needs(m, f.name) === given[f.name]));
  const first = [...INPUTS].reverse().find((f) => given[f.name]);
  return (exact ?? (first && full.find(([, m]) => needs(m, first.name))) ?? full[0])[0];
}

/** The short reminder printed after a usage error. */
export const USAGE = 'Usage: aimlapi-video "<prompt>" [--image <file|url>] [options] [-o out.mp4]\n       aimlapi-video --estimate [options]\n       aimlapi-video --resume <generation id | client request id> [-m <model>] [-o out.mp4]\n       aimlapi-video sim [--port <n>] [--job-ms <ms>]    (a local simulator: no key, nothing paid)\nAll the flags: aimlapi-video --help';

export function helpText(version) {
  const exits = EXIT_TABLE.map((r) => `  ${String(r.exit).padStart(3)}  ${r.says}`).join("\n");
  return `aimlapi-video ${version}: make a video with AI/ML API's Veo 3.1 models, and save it.

Usage:
  aimlapi-video "<prompt>" [--image <file|url>] [options] [-o out.mp4]
  aimlapi-video --estimate [-m <model>] [-d <s>] [-r <res>] [--no-audio]
  aimlapi-video --resume <generation id> [--submitted-at <ms>] [-o out.mp4]
  aimlapi-video --resume <client request id> [-m <model>] [--submitted-at <ms>] [-o out.mp4]
  aimlapi-video sim [--port <n>] [--job-ms <ms>]

  read -rs AIMLAPI_API_KEY && export AIMLAPI_API_KEY    # paste the key: it is not shown
  aimlapi-video "The cat yawns, then looks at the camera" --image cat.jpg -o cat.mp4

Try it with no key and nothing paid: \`aimlapi-video sim\` starts a simulator of the API on this
machine and prints the command to paste (aimlapi-video sim --help).

The key is read only from the environment variable AIMLAPI_API_KEY (never from a flag: it would
be kept in your shell history); a blank one is no key. It is needed for the vendor's API, not with
a --base-url of another host (your proxy adds it; the simulator needs none).

Inputs (a local file, an http(s):// URL or a data: URL):
${INPUTS.map(fieldLine).join("\n")}

Generation:
  -m, --model <id>               a model of the list below, or another of the endpoint. Default:
                                 the full-tier model that the inputs call for (none: text to
                                 video)
${FIELD_FLAGS.filter((f) => f.name !== "model" && !INPUTS.includes(f)).map(fieldLine).join("\n")}
      --extra <json>             more body fields, as a JSON object
      --max-usd <dollars>        the most you will pay: the price list is read first, and a video
                                 that would cost more (or that it cannot price) is refused,
                                 nothing sent (exit 2)
      --estimate                 print what the video would cost by the public price list, and
                                 send nothing (no key needed). Takes the generation flags; the
                                 prompt may be left out, and the inputs only pick the default
                                 model (their files are not read)
  Each model takes only some of these (see Models, below); a wrong one is refused before anything is sent.

Output:
  -o, --output <file|folder>     where to save the video (an MP4 or WebM by its first bytes: a
                                 web page, an empty or a cut answer is an error, exit ${EXIT.download}, and
                                 leaves no file). Default: <id>.mp4 in the current folder,
                                 <id> being the generation id up to its first ":" ("video" if
                                 none); a folder gets that name inside it. Written to a hidden
                                 temporary file next to it, renamed once complete. A job that
                                 makes several videos saves them all: out.mp4, out-2.mp4, ...
      --json                     print one JSON object on stdout at the end:
                                 {"id","clientRequestId","videoUrl","videoUrls","file","files",
                                 "elapsedMs","polls","usdSpent","creditsUsed"} (and "duplicates"
                                 after --resume <client request id>), with --estimate
                                 {"estimate":{"usd","model","kind","reason","unit","price",...}},
                                 or {"error":{"code","message","generationId"?,"submittedAt"?,
                                 "clientRequestId"?}}
  -q, --quiet                    no progress nor cost lines (errors are still printed)
  Progress and messages go to stderr, ending with what the video cost ("$5.20", as the API
  reported it), the generation id and the client request id (sent as X-Client-Request-Id, to find
  the job if the submit's answer is lost); stdout gets only the saved files' paths, one a line (or
  the JSON; with --estimate, the quote).

Waiting:
      --timeout <s>              give up waiting after this many seconds (default 600); the
                                 download is not counted
      --poll-interval <s>        a fixed wait between status reads (default: the model's schedule)
      --max-retries <n>          failed status reads allowed in a row (default 5)
      --resume <id>              follow a job made earlier (after Ctrl-C, a timeout, a failed
                                 download) and save its video; takes no prompt nor generation flags.
                                 <id> is the generation id (<uuid>:<model>, with the "/" of the
                                 model), or the client request id of a submit whose answer was lost
                                 (1-128 of A-Z a-z 0-9 . _ : -, never a "/"): that job is looked up
                                 in the usage logs of -m's model (default ${DEFAULT_MODEL}) until
                                 --timeout, then followed; nothing is submitted again
      --submitted-at <ms>        with --resume: when it was submitted, to poll on its schedule (for
                                 a client request id: the logs are read from then on; default the
                                 last 24 hours)
      --base-url <url>           your proxy, or the simulator (or AIMLAPI_BASE_URL);
                                 default https://api.aimlapi.com

  -h, --help                     this text
  -v, --version                  the version

A value that starts with "-" goes after "=" (--seed=-1); a prompt that does, after "--".

Models (each takes the values and flags listed under it; every model takes ${FIELD_FLAGS.filter((f) => EVERY.has(f.name) && f.name !== "model").flatMap(flagsOf).map((x) => `--${x}`).join(", ")}):
${modelsHelp()}

Exit codes:
${exits}
`;
}

/** A finite number, written as one (no "", "0x10", "1e" or "Infinity"). */
function number(flag, text, { positive = false } = {}) {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) throw new UsageError(`--${flag} must be a number, not ${JSON.stringify(text)}`);
  const n = Number(t);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a finite number`);
  if (positive && !(n > 0)) throw new UsageError(`--${flag} must be more than 0`);
  return n;
}

/** The names under which someone might try to pass the key. */
const KEY_FLAG = /^--?(api[-_]?key|aimlapi[-_]?api[-_]?key|key|token|bearer)(=|$)/i;

/**
 * Reads argv (without node and the script). Returns what main.js needs; throws UsageError.
 * `looksJson` in the error path: whether --json was asked for, even when the parse failed.
 */
export function readArgs(argv) {
  const end = argv.indexOf("--");
  const flagsPart = end < 0 ? argv : argv.slice(0, end);
  if (flagsPart.some((a) => KEY_FLAG.test(a))) {
    throw new UsageError(
      "The API key is never taken as a flag: it would be kept in your shell history and shown to " +
        "other users by `ps`. Put it in the environment variable AIMLAPI_API_KEY instead, e.g. " +
        "`read -rs AIMLAPI_API_KEY && export AIMLAPI_API_KEY` (bash) and run the command again.",
    );
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    // parseArgs names the flag only ("Unknown option '--x'"), never its value.
    const msg = String(e?.message ?? e);
    const name = /'([^']+)'/.exec(msg)?.[1];
    if (e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && name === "--prompt") throw new UsageError('There is no --prompt flag: the prompt is the one argument, in quotes: aimlapi-video "<prompt>"');
    if (e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && name) throw new UsageError(`Unknown flag ${name}${didYouMean(name)}`);
    const long = /--[\w-]+/.exec(name ?? "")?.[0];
    if (long && /argument missing|ambiguous/.test(msg)) {
      throw new UsageError(`${long} needs a value (one that starts with "-" goes after "=": ${long}=-x)`);
    }
    if (long && /does not take an argument/.test(msg)) throw new UsageError(`${long} takes no value`);
    throw new UsageError(msg.split("\n")[0].replace(/\.$/, ""));
  }
  const { values: v, positionals, tokens } = parsed;

  // --x / --no-x: the last one given wins.
  const flag = (name) => {
    let value;
    for (const t of tokens) {
      if (t.kind !== "option") continue;
      if (t.name === name) value = true;
      else if (t.name === `no-${name}`) value = false;
    }
    return value;
  };

  const out = {
    help: Boolean(v.help),
    version: Boolean(v.version),
    json: Boolean(v.json),
    quiet: Boolean(v.quiet),
    output: v.output,
    baseUrlFlag: v["base-url"],
    resume: v.resume,
    submittedAt: v["submitted-at"] === undefined ? undefined : number("submitted-at", v["submitted-at"], { positive: true }),
    prompt: undefined,
    inputs: Object.fromEntries(INPUTS.map((f) => [f.name, v[f.flag]])),
    options: {},
    wait: {},
  };
  if (out.help || out.version) return out;

  if (v.timeout !== undefined) {
    const s = number("timeout", v.timeout, { positive: true });
    if (s * 1000 > 2147483647) throw new UsageError("--timeout must be at most 2147483 seconds (24 days)");
    out.wait.timeoutMs = Math.max(1, Math.round(s * 1000));
  }
  if (v["poll-interval"] !== undefined) out.wait.pollIntervalMs = Math.round(number("poll-interval", v["poll-interval"], { positive: true }) * 1000);
  if (v["max-retries"] !== undefined) out.wait.maxRetries = number("max-retries", v["max-retries"]);
  out.estimate = Boolean(v.estimate);

  if (out.resume !== undefined) {
    if (!out.resume.trim()) throw new UsageError("--resume needs the generation id, or the client request id of a submit whose answer was lost");
    out.resumeKind = resumeKind(out.resume);
    // A client request id is looked up in the model's usage logs: -m says which (a generation id names its own).
    const byClient = out.resumeKind === "clientRequestId";
    if (byClient && v.model !== undefined) out.options.model = v.model;
    const given = GENERATION_FLAGS.filter((f) => v[f] !== undefined && !(Array.isArray(v[f]) && !v[f].length) && !(byClient && f === "model"));
    if (given.length) {
      const why = given.includes("model") ? " (the generation id names its model; -m goes with a client request id)" : "";
      throw new UsageError(`--resume follows a job made earlier: it takes no ${given.map((f) => `--${f}`).join(", ")}${why}`);
    }
    if (positionals.length) throw new UsageError("--resume follows a job made earlier: it takes no prompt");
    return out;
  }
  if (out.submittedAt !== undefined) throw new UsageError("--submitted-at goes with --resume <id>");
  // A budget is a positive amount of dollars: refused here, before anything is read or sent.
  if (v["max-usd"] !== undefined) out.options.maxUsd = number("max-usd", v["max-usd"], { positive: true });
  if (positionals.length === 0 && !out.estimate) throw new UsageError('Give a prompt: aimlapi-video "<prompt>" [--image <file>] (see --help)');
  if (positionals.length > 1) {
    throw new UsageError(`Give the prompt as one argument, in quotes (got ${positionals.length} words outside flags; see --help)`);
  }
  out.prompt = positionals[0] ?? "";

  const o = out.options;
  for (const f of FIELD_FLAGS) {
    if (INPUTS.includes(f)) continue;
    const value = f.kind === "boolean" ? flag(f.flag) : v[f.flag];
    if (value === undefined) continue;
    o[f.name] = f.kind === "seconds" || f.kind === "whole" ? number(f.flag, value) : value;
  }
  if (v.extra !== undefined) {
    let extra;
    try {
      extra = JSON.parse(v.extra);
    } catch {
      throw new UsageError('--extra must be a JSON object, e.g. --extra \'{"field": 1}\'');
    }
    if (!extra || typeof extra !== "object" || Array.isArray(extra)) throw new UsageError("--extra must be a JSON object");
    o.extra = extra;
  }
  return out;
}
