// The package's error messages in a terminal's terms: its option names become the flags that set
// them, and advice meant for a web page (CORS, a page's origin, an option of the JavaScript API) is
// left out or said as a terminal user would act on it. The package itself is not changed: it
// speaks to programs, and pages.
import path from "node:path";
import { FLAG_OF_OPTION, UsageError } from "./args.js";

/** A problem of the set-up the command line finds itself: no key (exit 3). */
export class SetupError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * Phrases of the package, each with what a terminal user is told instead. Said in order; what a
 * rewrite leaves of a browser's advice, the sentence filter below takes out.
 */
const TERMINAL = [
  // src/error.rs, Error::network.
  [/the device may be offline, the host may be wrong, or, in a browser, the server may not allow this page's origin \(CORS\), which browsers do not tell apart\./g, "this machine may be offline, or the host or port may be wrong."],
  [/Check baseUrl, or route the calls through your own proxy\./g, "Check --base-url (or AIMLAPI_BASE_URL)."],
  // src/job/recover.rs: a page whose server's CORS refuses the header; a terminal has no CORS.
  [/\s*\(If this server's CORS does not allow the X-Client-Request-Id header, nothing was sent: pass clientRequestId: false to it\.\)/g, ""],
  // js/price.js.
  [/\(offline, or its CORS refuses this page\)\./g, "(this machine may be offline, or the host or port may be wrong). Check --base-url (or AIMLAPI_BASE_URL)."],
  // The command line passes its own fetch (cli/traced.js): the option is not the user's to fix.
  [/\s*The fetch option failed: [^.]*\./g, ""],
  [/\bbaseUrl\b/g, "--base-url (or AIMLAPI_BASE_URL)"],
  [/\bapiKey\b/g, "AIMLAPI_API_KEY"],
  [/\bmaxUsd\b/g, "--max-usd"],
  [/\(timeoutMs\)/g, "(--timeout)"],
  [/\btimeoutMs\b/g, "--timeout"],
  [/\bpollIntervalMs\b/g, "--poll-interval"],
  [/\brecoverGeneration\(\{[^)]*\}\)/g, "--resume (the command below)"],
  [/\s*[^.]*\bwaitForVideo\([^)]*\)[^.]*\./g, ""],
];

/** Sentences that only a page's author can act on: any still left after the rewrites goes. */
const FOR_PAGES = /\bCORS\b|\bbrowsers?\b|this page|page's origin/;

/** The package's option names in its messages, with the flags that set them (the longest first, so that a name that begins another is not taken for it). */
const OPTION_NAME = new RegExp(`\\b(${Object.keys(FLAG_OF_OPTION).sort((a, b) => b.length - a.length).join("|")})\\b(\\[\\d+\\])?`, "g");

/** A message of the package, in the terminal's terms. */
export function inTerminalTerms(message) {
  let m = String(message);
  for (const [from, to] of TERMINAL) m = m.replace(from, to);
  // Sentence by sentence, dropping those for pages.
  if (FOR_PAGES.test(m)) m = m.split(/(?<=[.!?)])\s+/).filter((s) => !FOR_PAGES.test(s)).join(" ") || m;
  return m.replace(OPTION_NAME, (all, name) => `${all} (${FLAG_OF_OPTION[name]})`);
}

/** { code, message, generationId?, submittedAt?, clientRequestId? } of any failure. */
export function describe(e, interrupted) {
  const out = { code: typeof e?.code === "string" ? e.code : "internal_error", message: String(e?.message ?? e) };
  if (e?.name === "AbortError" && out.code !== "aborted") out.code = "aborted";
  if (interrupted) {
    out.code = "aborted";
    out.message = `Interrupted (${interrupted}).`;
  }
  if (!(e instanceof UsageError) && !(e instanceof SetupError) && !e?.code && !interrupted) {
    out.message = `Unexpected failure: ${out.message}`;
  }
  // The command line's own messages already speak its terms.
  if (!(e instanceof UsageError) && !(e instanceof SetupError)) out.message = inTerminalTerms(out.message);
  if (e?.generationId) out.generationId = e.generationId;
  if (Number.isFinite(e?.submittedAt)) out.submittedAt = Math.round(e.submittedAt);
  if (typeof e?.clientRequestId === "string" && e.clientRequestId) out.clientRequestId = e.clientRequestId;
  return out;
}

/** A word of a shell command, quoted when it has to be. */
export function shellWord(s) {
  return /^[A-Za-z0-9_\-.:/=@%+,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path as the user would type it from here: relative inside the current folder. */
export function shownPath(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
