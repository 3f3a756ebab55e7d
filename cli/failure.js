// What a failed run prints: the error in the terminal's terms, then the command that gets the job,
// or its video, without paying again (a --resume of its id, or the lookup of a submit whose answer
// was lost), and the exit code it ends with.
import path from "node:path";
import { USAGE } from "./args.js";
import { describe, shellWord, shownPath } from "./messages.js";
import { defaultName } from "./files.js";
import { isPlainUrl } from "./download.js";
import { nearestModel } from "./suggest.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { DEFAULT_MODEL, FAMILY } from "../js/family.js";

/** The command that runs this one again: through npx when npx ran it (the command is then not on the PATH). */
export const SELF = process.env.npm_command === "exec" ? ["npx", "aimlapi-video"] : ["aimlapi-video"];

/**
 * How much earlier than the submit's moment by this machine's clock the usage logs are read from,
 * in the command that looks a lost submit up: the logs' times are the API's clock.
 */
const CLOCK_SLACK_MS = 10 * 60_000;

/** Error codes of a submit whose job may exist though no id came back (the answer was lost or broken). */
const UNCERTAIN = new Set(["network_error", "server_error", "bad_response", "timeout"]);

/** Error codes that an API gives a model it does not have. */
const NO_SUCH_MODEL = new Set(["invalid_request", "not_found", "http_error"]);

/**
 * The failure path of one run. `run`: what the run knows so far (main.js fills it in); `say`: a
 * message line on stderr; `stdout`: the JSON; `json()`: whether --json was asked for.
 * Returns failWith(error), which prints and gives the exit code.
 */
export function createFailure(run, { say, stdout, json }) {
  /** The command that runs this one again with `args`, --submitted-at, --base-url and -o as they apply. */
  function commandLine(args, submittedAt, file) {
    const cmd = [...SELF, ...args];
    if (submittedAt !== undefined) cmd.push("--submitted-at", String(Math.round(submittedAt)));
    if (run.baseUrlFlag !== undefined) cmd.push("--base-url", run.baseUrlFlag);
    if (file) cmd.push("-o", shownPath(file));
    return cmd.map(shellWord).join(" ");
  }

  function resumeHint(code) {
    if (!run.id || code === "not_found" || code === "invalid_request") return;
    const file = run.file ?? (run.target ? run.target.file ?? path.join(run.target.dir, defaultName(run.id)) : null);
    if (code === "download_failed") {
      // The job is done: its schedule no longer matters, and the shortest line is the one to copy.
      say(`The video is made and paid for; to download it again (nothing is paid again):\n  ${commandLine(["--resume", run.id], undefined, file)}`);
      if (run.videoUrl && isPlainUrl(run.videoUrl)) say(`or fetch it yourself from ${run.videoUrl}`);
      return;
    }
    const command = commandLine(["--resume", run.id], run.submittedAt, file);
    const lead = {
      generation_failed: `Job ${run.id} failed; it will not finish. To read its status again:`,
      aborted: run.file ? "The video is made; to download it later:" : "The job goes on on the server. To resume it:",
      unauthorized: "Fix AIMLAPI_API_KEY, then resume the job:",
      forbidden: "Once the key is allowed again (credits?), resume the job:",
    }[code] ?? "The job may still finish. To resume it:";
    say(`${lead}\n  ${command}`);
  }

  /** The command that looks a client request id up in the usage logs and saves its job's video. */
  function findHint(clientRequestId, model, submittedAt, lead) {
    const out = run.target ? run.target.file ?? (run.target.given ? run.target.dir : null) : null;
    say(`${lead}\n  ${commandLine(["--resume", clientRequestId, "-m", model], submittedAt, out)}`);
  }

  return function failWith(e) {
    run.reporter?.stop();
    const err = describe(e, run.interrupted);
    if (!err.generationId && run.id) err.generationId = run.id;
    if (err.submittedAt === undefined && run.submittedAt !== undefined) err.submittedAt = Math.round(run.submittedAt);
    if (err.submittedAt !== undefined) run.submittedAt = err.submittedAt;
    if (err.generationId) run.id = err.generationId;
    if (!err.clientRequestId && run.submitting && run.clientRequestId) err.clientRequestId = run.clientRequestId;
    if (!err.clientRequestId && run.lookup) err.clientRequestId = run.lookup.clientRequestId;
    // A model the family lacks, refused: most likely a typo of one it has.
    if (run.refused && err.code === "network_error") {
      // The package cannot tell a refused connection from a lost answer; this machine can.
      err.message = `${err.message.split(" (network error)")[0]}: the connection was refused, so nothing was sent and nothing paid. Check --base-url (or AIMLAPI_BASE_URL): is the simulator (aimlapi-video sim) or your proxy running there?`;
      delete err.clientRequestId;
    }
    const meant = NO_SUCH_MODEL.has(err.code) && run.model && !FAMILY[run.model] ? nearestModel(run.model, Object.keys(FAMILY)) : undefined;
    if (meant) err.message += ` (-m ${run.model} is not a model of the family; did you mean ${meant}?)`;
    say(`aimlapi-video: ${err.message}${err.code === "usage" ? "" : ` [${err.code}]`}`);
    if (err.code === "usage") say(USAGE);
    // A submit sent with no id back: the job may exist, and only its client request id finds it.
    const uncertain = !run.id && !run.refused && err.clientRequestId && ((run.interrupted && run.submitting) || UNCERTAIN.has(err.code) || e?.status >= 500 || e?.status === 408);
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
    if (json()) stdout(`${JSON.stringify({ error: err })}\n`);
    return run.interrupted === "SIGTERM" ? EXIT.terminated : exitCodeFor(err.code);
  };
}
