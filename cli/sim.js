// `aimlapi-video sim`: the package's own simulator of the vendor's API (sim/server.mjs, shipped in
// the tarball), to try the command line or the package with no key and nothing paid. It prints its
// URL and a line to paste, then serves until Ctrl-C.
import { parseArgs } from "node:util";
import { UsageError, didYouMean } from "./args.js";
import { shellWord } from "./messages.js";
import { EXIT } from "./exit-codes.js";

/** The port when none is given: fixed, so that a line pasted from the docs works; taken, any free one.
 * sim/server.mjs's SIM_PORT (a test holds them equal): importing it would load the simulator on every command. */
const SIM_PORT = 8787;
/** How long a job takes when --job-ms is not given: short enough for a first try (the README says 6 s). */
export const SIM_JOB_MS = 6000;

const OPTIONS = { port: { type: "string" }, "job-ms": { type: "string" }, help: { type: "boolean", short: "h" } };

export const SIM_HELP = `aimlapi-video sim [--port <n>] [--job-ms <ms>]

Starts a simulator of AI/ML API's video endpoint on this machine (127.0.0.1): no key is needed and
nothing is paid. It prints its URL and a command to paste, then runs until Ctrl-C (exit 0).
  --port <n>      the port (default ${SIM_PORT}, or any free one if that is taken; 0: any free one)
  --job-ms <ms>   how long each job takes to make its video (default ${SIM_JOB_MS})
A prompt that is exactly "sim" goes after "--": aimlapi-video -- sim
`;

/** A whole number of `flag` in [min, max]. */
function whole(flag, text, min, max) {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

/** The sim subcommand's flags (argv after "sim"). */
export function readSimArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    const name = /'([^']+)'/.exec(String(e?.message))?.[1];
    if (e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && name) throw new UsageError(`Unknown flag ${name} of aimlapi-video sim${didYouMean(name, Object.keys(OPTIONS), { jobMs: "job-ms" })} (it takes --port and --job-ms)`);
    if (e?.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError("aimlapi-video sim takes no prompt: it serves until Ctrl-C; send prompts from another terminal");
    throw new UsageError(String(e?.message ?? e).split("\n")[0].replace(/\.$/, ""));
  }
  const v = parsed.values;
  return {
    help: Boolean(v.help),
    port: v.port === undefined ? undefined : whole("port", v.port, 0, 65535),
    jobMs: v["job-ms"] === undefined ? undefined : whole("job-ms", v["job-ms"], 0, 3_600_000),
  };
}

/**
 * Starts the simulator and says how to use it: `out` gets the lines. `self`: the words that run
 * this command (["npx", "aimlapi-video"] under npx). Resolves with { url, close }.
 */
export async function startSimCommand({ port, jobMs }, { out, self }) {
  // Loaded only here, relative to this file: the sim ships beside cli/ in the package.
  const { startSim } = await import(new URL("../sim/server.mjs", import.meta.url).href);
  const opts = { jobMs: jobMs ?? SIM_JOB_MS };
  let sim;
  try {
    sim = await startSim({ port: port ?? SIM_PORT, ...opts });
  } catch (e) {
    if (e?.code !== "EADDRINUSE") throw e;
    if (port !== undefined) throw new UsageError(`--port ${port}: that port is taken; pick another, or --port 0 for any free one`);
    sim = await startSim({ port: 0, ...opts });
    out(`(Port ${SIM_PORT} is taken, maybe by another simulator: this one took a free port.)\n`);
  }
  // Its prices are made up, and its jobs short: a newcomer must not read either as the API's.
  out(`The simulator of AI/ML API runs at ${sim.url} (no key needed, nothing paid; each video takes ${opts.jobMs / 1000} s, its costs are made up).\n`);
  out("Try it from another terminal:\n");
  out(`  ${[...self, "--base-url", sim.url, "a red fox in snow", "-o", "fox.mp4"].map(shellWord).join(" ")}\n`);
  // Text to video: the default model, image to video, would also need an image.
  out(`or from JavaScript: await generateVideo({ baseUrl: "${sim.url}", model: "google/veo-3.1-t2v", prompt: "a red fox in snow" })\n`);
  out("Ctrl-C stops it.\n");
  return sim;
}

/** The subcommand, argv after "sim": serves until SIGINT or SIGTERM, then resolves with exit 0 (stopping is how it ends). */
export async function simCommand(argv, { out, self }) {
  const args = readSimArgs(argv);
  if (args.help) {
    out(SIM_HELP);
    return EXIT.ok;
  }
  const sim = await startSimCommand(args, { out, self });
  const signal = await new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  sim.server.closeAllConnections?.();
  await sim.close();
  out(`The simulator stopped (${signal}).\n`);
  return EXIT.ok;
}
