// The flags of the command line: their spec for node:util parseArgs, the --help text, and the
// reading of argv into what main.js needs. Only types are checked here (a number must be a number);
// the package checks the values against the model.
import { parseArgs } from "node:util";
import { EXIT_TABLE } from "./exit-codes.js";
import { FAMILY } from "../js/family.js";

/** A mistake on the command line (exit 2); `code` is "usage" or "bad_input". */
export class UsageError extends Error {
  constructor(message, code = "usage") {
    super(message);
    this.name = "UsageError";
    this.code = code;
  }
}

const OPTIONS = {
  model: { type: "string", short: "m" },
  image: { type: "string", short: "i" },
  "last-image": { type: "string" },
  ref: { type: "string", multiple: true },
  video: { type: "string" },
  "aspect-ratio": { type: "string" },
  duration: { type: "string", short: "d" },
  resolution: { type: "string", short: "r" },
  seed: { type: "string" },
  "negative-prompt": { type: "string" },
  audio: { type: "boolean" },
  "no-audio": { type: "boolean" },
  "enhance-prompt": { type: "boolean" },
  "no-enhance-prompt": { type: "boolean" },
  "auto-fix": { type: "boolean" },
  "no-auto-fix": { type: "boolean" },
  "person-generation": { type: "string" },
  provider: { type: "string" },
  extra: { type: "string" },
  output: { type: "string", short: "o" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
  "max-retries": { type: "string" },
  resume: { type: "string" },
  "submitted-at": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
};

/** The flags that shape a new generation (refused with --resume). */
const GENERATION_FLAGS = [
  "model", "image", "last-image", "ref", "video", "aspect-ratio", "duration", "resolution", "seed",
  "negative-prompt", "audio", "no-audio", "enhance-prompt", "no-enhance-prompt", "auto-fix", "no-auto-fix",
  "person-generation", "provider", "extra",
];

/** The package's option names and the flags that set them, to name the flag in its messages. */
export const FLAG_OF_OPTION = {
  imageUrls: "--ref",
  imageUrl: "--image",
  lastImageUrl: "--last-image",
  videoUrl: "--video",
  aspectRatio: "--aspect-ratio",
  generateAudio: "--audio/--no-audio",
  negativePrompt: "--negative-prompt",
  enhancePrompt: "--enhance-prompt/--no-enhance-prompt",
  autoFix: "--auto-fix/--no-auto-fix",
  personGeneration: "--person-generation",
  baseUrl: "--base-url or AIMLAPI_BASE_URL",
  maxRetries: "--max-retries",
  submittedAt: "--submitted-at",
};

/** The flag that gives each input of the family's table (js/family.js). */
const INPUT_FLAGS = { image: "--image", lastImage: "--last-image", images: "--ref", video: "--video" };

/** One model's row of --help, from the family's table: its inputs, values and the flags it takes. */
function modelLines(m) {
  const inputs = Object.entries(INPUT_FLAGS)
    .filter(([k]) => m[k] !== "no")
    .map(([k, flag]) => (m[k] === "required" ? flag : `[${flag}]`));
  const values = [`inputs: ${inputs.join(" ") || "none (text only)"}`, `seconds: ${m.durations.join(", ")}`, `resolution: ${m.resolutions.join(", ")}`];
  if (m.aspectRatios.length) values.push(`aspect ratio: ${m.aspectRatios.join(", ")}`);
  const flags = [];
  if (m.promptTuning) flags.push("--seed", "--negative-prompt", "--enhance-prompt");
  if (m.autoFix) flags.push("--auto-fix");
  if (m.personGeneration.length) flags.push(`--person-generation ${m.personGeneration.join("|")}`);
  if (m.provider) flags.push("--provider");
  return [values.join("; "), `also: ${flags.join(", ") || "no other flag"}`];
}

/** --help's list of models: those that take the same, together, with their tiers. */
function modelsHelp() {
  const groups = new Map();
  for (const [id, { tier, ...rest }] of Object.entries(FAMILY)) {
    const key = JSON.stringify(rest);
    if (!groups.has(key)) groups.set(key, { ids: [], lines: modelLines(rest) });
    groups.get(key).ids.push(`${id} (${tier})`);
  }
  return [...groups.values()].map(({ ids, lines }) => `  ${ids.join(", ")}\n${lines.map((l) => `      ${l}`).join("\n")}`).join("\n");
}

/**
 * The full-tier model that the inputs call for, when --model is not given: the one that needs
 * exactly the inputs given; failing that, one that needs the first given of a video, references,
 * a last frame, a first frame (the package then says what else it needs).
 */
export function defaultModel({ image, lastImage, refs, video }) {
  const given = { video: Boolean(video), images: refs.length > 0, lastImage: Boolean(lastImage), image: Boolean(image) };
  const full = Object.entries(FAMILY).filter(([, m]) => m.tier === "full");
  const exact = full.find(([, m]) => Object.keys(given).every((k) => (m[k] === "required") === given[k]));
  const first = Object.keys(given).find((k) => given[k]);
  return (exact ?? full.find(([, m]) => m[first] === "required") ?? full[0])[0];
}

/** The short reminder printed after a usage error. */
export const USAGE = 'Usage: aimlapi-video "<prompt>" [--image <file|url>] [options] [-o out.mp4]\n       aimlapi-video --resume <id> [-o out.mp4]\nAll the flags: aimlapi-video --help';

export function helpText(version) {
  const exits = EXIT_TABLE.map((r) => `  ${String(r.exit).padStart(3)}  ${r.says}`).join("\n");
  return `aimlapi-video ${version}: make a video with AI/ML API's Veo 3.1 models, and save it.

Usage:
  aimlapi-video "<prompt>" [--image <file|url>] [options] [-o out.mp4]
  aimlapi-video --resume <id> [--submitted-at <ms>] [-o out.mp4]

  read -rs AIMLAPI_API_KEY && export AIMLAPI_API_KEY    # paste the key: it is not shown
  aimlapi-video "The cat yawns, then looks at the camera" --image cat.jpg -o cat.mp4

The key is read only from the environment variable AIMLAPI_API_KEY (never from a flag: it would
be kept in your shell history). It is not needed with --base-url (your proxy adds it).

Inputs (a local file, an http(s):// URL or a data: URL):
  -i, --image <file|url>         first frame (PNG, JPEG, WebP or GIF, at most 10 MB)
      --last-image <file|url>    last frame
      --ref <file|url>           a reference image; repeat for more
      --video <file|url>         the video to extend (.mp4, .webm or .mov as a file)

Generation:
  -m, --model <id>               a model of the list below, or another of the endpoint. Default:
                                 the full-tier model that the inputs call for (none: text to
                                 video)
      --aspect-ratio <r>         the video's shape
  -d, --duration <s>             its length in seconds
  -r, --resolution <r>           its resolution, spelled as the model spells it
      --seed <n>                 the same seed and options give a similar video
      --negative-prompt <text>   what to keep out of the video
      --audio, --no-audio        add a sound track (the API's default: yes)
      --enhance-prompt, --no-enhance-prompt   let the prompt be rewritten
      --auto-fix, --no-auto-fix  let a refused prompt be fixed
      --person-generation <p>    whether people may be shown
      --provider <p>             routing override: auto, google, fal
      --extra <json>             more body fields, as a JSON object
  Each model takes only some of these (see Models, below); a wrong one is refused before anything is sent.

Output:
  -o, --output <file|folder>     where to save the video. Default: <id>.mp4 in the current folder,
                                 <id> being the generation id up to its first ":" ("video" if
                                 none); a folder gets that name inside it. Written to a hidden
                                 temporary file next to it, renamed once complete.
      --json                     print one JSON object on stdout at the end:
                                 {"id","videoUrl","file","elapsedMs","polls","creditsUsed"}, or
                                 {"error":{"code","message","generationId"?,"submittedAt"?}}
  -q, --quiet                    no progress (errors are still printed)
  Progress and messages go to stderr; stdout gets only the saved file's path (or the JSON).

Waiting:
      --timeout <s>              give up waiting after this many seconds (default 600); the
                                 download is not counted
      --poll-interval <s>        a fixed wait between status reads (default: the model's schedule)
      --max-retries <n>          failed status reads allowed in a row (default 5)
      --resume <id>              follow a job made earlier (after Ctrl-C, a timeout, a failed
                                 download) and save its video; takes no prompt nor generation flags
      --submitted-at <ms>        with --resume: when it was submitted, to poll on its schedule
      --base-url <url>           your proxy, or the simulator (or AIMLAPI_BASE_URL);
                                 default https://api.aimlapi.com

  -h, --help                     this text
  -v, --version                  the version

A value that starts with "-" goes after "=" (--seed=-1); a prompt that does, after "--".

Models (each takes the values and flags listed under it):
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
    if (e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && name) throw new UsageError(`Unknown flag ${name}`);
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
    inputs: { image: v.image, lastImage: v["last-image"], refs: v.ref ?? [], video: v.video },
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

  if (out.resume !== undefined) {
    if (!out.resume.trim()) throw new UsageError("--resume needs the generation id");
    const given = GENERATION_FLAGS.filter((f) => v[f] !== undefined && !(Array.isArray(v[f]) && !v[f].length));
    if (given.length) throw new UsageError(`--resume follows a job made earlier: it takes no ${given.map((f) => `--${f}`).join(", ")}`);
    if (positionals.length) throw new UsageError("--resume follows a job made earlier: it takes no prompt");
    return out;
  }
  if (out.submittedAt !== undefined) throw new UsageError("--submitted-at goes with --resume <id>");
  if (positionals.length === 0) throw new UsageError('Give a prompt: aimlapi-video "<prompt>" [--image <file>] (see --help)');
  if (positionals.length > 1) {
    throw new UsageError(`Give the prompt as one argument, in quotes (got ${positionals.length} words outside flags; see --help)`);
  }
  out.prompt = positionals[0];

  const o = out.options;
  if (v.model !== undefined) o.model = v.model;
  if (v["aspect-ratio"] !== undefined) o.aspectRatio = v["aspect-ratio"];
  if (v.duration !== undefined) o.duration = number("duration", v.duration);
  if (v.resolution !== undefined) o.resolution = v.resolution;
  if (v.seed !== undefined) o.seed = number("seed", v.seed);
  if (v["negative-prompt"] !== undefined) o.negativePrompt = v["negative-prompt"];
  for (const [name, key] of [["audio", "generateAudio"], ["enhance-prompt", "enhancePrompt"], ["auto-fix", "autoFix"]]) {
    const b = flag(name);
    if (b !== undefined) o[key] = b;
  }
  if (v["person-generation"] !== undefined) o.personGeneration = v["person-generation"];
  if (v.provider !== undefined) o.provider = v.provider;
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
