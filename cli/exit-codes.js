// The exit codes of the command line, in one table: what each says failed, and which error codes
// (the package's AimlApiError codes, and the command line's own) lead to it. --help prints it.

/** @type {readonly { exit: number, name: string, says: string, codes: readonly string[] }[]} */
export const EXIT_TABLE = Object.freeze([
  { exit: 0, name: "ok", says: "the video is saved (--estimate: the quote is printed; sim: stopped by Ctrl-C)", codes: [] },
  { exit: 1, name: "internal", says: "anything else (a bug: please report it)", codes: ["internal_error"] },
  { exit: 2, name: "usage", says: "bad flags or input: unknown flag, missing file, an option the model refuses", codes: ["usage", "bad_input", "invalid_request"] },
  { exit: 3, name: "auth", says: "no key, or the key was refused (HTTP 401/403, e.g. out of credits)", codes: ["missing_api_key", "unauthorized", "forbidden"] },
  { exit: 4, name: "generation_failed", says: "the job ran and failed; the message has the server's reason", codes: ["generation_failed"] },
  { exit: 5, name: "timeout", says: "no video before --timeout (the job may still finish: resume it)", codes: ["timeout"] },
  { exit: 6, name: "api", says: "network, server or unexpected answer (also rate limits, unknown id)", codes: ["network_error", "server_error", "http_error", "bad_response", "rate_limited", "not_found"] },
  { exit: 7, name: "download", says: "the video was made but its download failed or was not a video (resume to retry it)", codes: ["download_failed"] },
  { exit: 130, name: "interrupted", says: "interrupted by Ctrl-C (SIGINT)", codes: ["aborted"] },
  { exit: 143, name: "terminated", says: "stopped by SIGTERM", codes: [] },
]);

/** Exit code by name: EXIT.ok, EXIT.usage, ... */
export const EXIT = Object.freeze(Object.fromEntries(EXIT_TABLE.map((row) => [row.name, row.exit])));

const BY_CODE = new Map(EXIT_TABLE.flatMap((row) => row.codes.map((code) => [code, row.exit])));

/** The exit code for an error code; 1 for one this table does not know. */
export function exitCodeFor(code) {
  return BY_CODE.get(code) ?? EXIT.internal;
}
