// What the command line writes: messages and progress on stderr (on a terminal one line updated in
// place, otherwise a plain line per change and, between changes, a line at least every 10 s),
// results on stdout; every string with the key redacted.

/** Secrets shorter than this (a placeholder such as "x"; no real key) are blanked out only as a whole word, not inside every word. */
const SHORT_SECRET = 8;

/** A function that blanks out each secret (and any bearer token) in a text. A blank secret is none: it would blank out every space. */
export function redactor(secrets) {
  const list = secrets.filter((s) => typeof s === "string" && s.trim().length > 0).sort((a, b) => b.length - a.length);
  const short = (s) => new RegExp(`(?<![\\w-])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "g");
  return (text) => {
    let t = String(text);
    for (const s of list) t = s.length < SHORT_SECRET ? t.replace(short(s), "[redacted]") : t.split(s).join("[redacted]");
    return t.replace(/\b(Bearer\s+)(?!\[redacted\])\S+/gi, "$1[redacted]");
  };
}

const seconds = (ms) => `${Math.floor(ms / 1000)} s`;
const preciseSeconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export function megabytes(n) {
  if (n === 0) return "0 KB";
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`;
}

/** US dollars as people write them: "$5.20"; below 10 cents, the digits the amount has ("$0.00124"). */
export function dollars(usd) {
  if (usd === 0 || Math.abs(usd) >= 0.1) return `$${usd.toFixed(2)}`;
  const t = usd.toFixed(6).replace(/0+$/, "");
  return t.endsWith(".") ? "less than $0.000001" : `$${t.replace(/\.(\d)$/, ".$10")}`;
}

/** A unit counted: "8 s", "1 video", "2 requests". */
function count(n, unit) {
  if (unit === "second") return `${n} s`;
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * estimateCost's answer in a line: "about $3.20 (8 s × $0.40 per second, google/veo-3.1-t2v)", or
 * why there is none.
 */
export function quoteLine(q) {
  if (q.usd == null) return `no estimate for ${q.model}: ${q.reason ?? "the price list gives none"}`;
  const rate = q.price != null && q.unit ? ` (${count(q.quantity ?? 1, q.unit)} × ${dollars(q.price)} per ${q.per && q.per !== 1 ? count(q.per, q.unit) : q.unit}, ${q.model})` : ` (${q.model})`;
  return `about ${dollars(q.usd)}${rate}`;
}

/**
 * The longest silence of plain output, in ms: piped output (a CI log, `| tee`) that says nothing
 * for long looks hung. A heartbeat comes a little before it, the ticker being a second's grain.
 */
export const HEARTBEAT_MS = 10_000;
const TICK_MS = 500;

/**
 * The progress of one run. `stream`: stderr. `tty`: a line updated in place, else plain lines.
 * `quiet`: progress off (messages stay).
 */
export function createReporter({ stream, tty = Boolean(stream.isTTY), quiet = false, redact, now = () => Date.now() }) {
  const t0 = now();
  // `endAt`: when jobs like this one usually end, by this clock (the package's `expectedMs`).
  const state = { phase: "starting", id: null, status: null, retry: null, bytes: 0, total: null, endAt: null };
  let shown = false; // whether the in-place line is on screen
  let ticker = null;
  let lastLine = t0; // when plain output last wrote a line
  const write = (s) => stream.write(redact(s));

  function text() {
    const parts = [];
    if (state.phase === "downloading") {
      parts.push("downloading", state.total ? `${megabytes(state.bytes)} of ${megabytes(state.total)}` : megabytes(state.bytes));
    } else if (state.id) {
      parts.push(`job ${shortId(state.id)}`, state.status ?? "waiting");
    } else {
      parts.push(state.phase);
    }
    // A retry shows until a little after its read (a read that succeeds may bring no new status).
    if (state.retry && now() < state.retry.until) parts.push(state.retry.text);
    parts.push(`${seconds(now() - t0)}${state.phase !== "downloading" && usually() ? ` (${usually()})` : ""}`);
    const line = parts.join(" · ");
    const width = (stream.columns || 80) - 1;
    return line.length > width ? line.slice(0, width - 1) + "…" : line;
  }
  function draw() {
    if (!tty || quiet || state.phase === "done") return;
    write(`\r\x1b[2K${text()}`);
    shown = true;
  }
  function clear() {
    if (shown) write("\r\x1b[2K");
    shown = false;
  }
  /** A plain progress line (not on a terminal). */
  function plain(line) {
    if (!tty && !quiet) {
      write(`[${preciseSeconds(now() - t0).padStart(7)}] ${line}\n`);
      lastLine = now();
    }
  }
  /** The package's estimate, in words: "usually 45 s", or that this job takes longer. */
  function usually() {
    if (state.endAt === null) return "";
    const total = state.endAt - t0;
    return now() <= state.endAt ? `usually done by ${seconds(total)}` : `longer than the usual ${seconds(total)}`;
  }
  /** Plain output's line when nothing changed for a while: where it is, the time so far, the estimate. */
  function heartbeat() {
    if (tty || quiet || state.phase === "done" || now() - lastLine < HEARTBEAT_MS - TICK_MS * 2) return;
    if (state.phase === "downloading") {
      plain(`still downloading · ${state.total ? `${megabytes(state.bytes)} of ${megabytes(state.total)}` : `${megabytes(state.bytes)} so far`} · ${seconds(now() - t0)}`);
      return;
    }
    const est = usually();
    plain(`still ${state.id ? state.status ?? "waiting" : state.phase} · ${seconds(now() - t0)}${est ? `, ${est}` : ""}${state.id ? ` (job ${shortId(state.id)})` : ""}`);
  }
  /** Ticks: the terminal's line redrawn (its clock), plain output's heartbeat. */
  function tick() {
    if (tty) draw();
    else heartbeat();
  }

  return {
    state,
    /**
     * Starts the clock: the in-place line, or plain output's heartbeat. `say`: whether plain
     * output says the phase at once (a phase that checks the options first stays quiet, so that
     * an option refused there is the first line, and nothing looks sent).
     */
    start(phase, { say = true } = {}) {
      state.phase = phase;
      if (say) plain(phase);
      else lastLine = now();
      if (!quiet) {
        draw();
        ticker = setInterval(tick, tty ? 1000 : TICK_MS);
        ticker.unref?.();
      }
    },
    /** A step of the command line's own (a request it saw leave): said as a plain line, shown on the terminal's. */
    step(phase) {
      state.phase = phase;
      plain(phase);
      draw();
    },
    /** An onProgress event of the package. */
    event(e) {
      if (e.id) state.id = e.id;
      // The estimate is of the package's call, whose clock began a little after this one.
      if (Number.isFinite(e.expectedMs) && Number.isFinite(e.elapsedMs)) state.endAt = now() + Math.max(0, e.expectedMs - e.elapsedMs);
      if (e.type === "submitting") {
        state.phase = "submitting";
        plain(`submitting${e.clientRequestId ? ` (client request id ${e.clientRequestId})` : ""}`);
      } else if (e.type === "recovering") {
        // The submit's answer was lost: the package looks for the job (nothing is sent again).
        state.phase = "looking for the job";
        plain(`${e.message || "The submit's answer was lost: looking for the job."}${e.clientRequestId ? ` (client request id ${e.clientRequestId})` : ""}`);
      } else if (e.type === "submitted") {
        state.phase = "submitted";
        state.status = e.status ?? null;
        plain(`submitted: job ${e.id}${e.status ? ` (${e.status})` : ""}`);
      } else if (e.type === "status") {
        state.status = e.status ?? null;
        state.retry = null;
        plain(`${e.status}${e.message ? `: ${e.message}` : ""}${e.polls ? ` (${e.polls} ${e.polls === 1 ? "read" : "reads"})` : ""}`);
      } else if (e.type === "retry") {
        state.retry = { text: `retry ${e.attempt} (${e.errorCode})`, until: now() + (e.retryInMs ?? 0) + 2000 };
        plain(`status read failed (${e.errorCode}: ${e.message}); retry ${e.attempt} in ${preciseSeconds(e.retryInMs)}`);
      }
      draw();
    },
    downloading(file, url) {
      state.phase = "downloading";
      state.retry = null;
      plain(`downloading ${url} to ${file}`);
      draw();
    },
    bytes(received, total) {
      state.bytes = received;
      state.total = total;
      // The in-place line only: plain output gets no line per chunk.
      if (tty) draw();
    },
    /** A message line (stderr), above the progress line. */
    message(line) {
      clear();
      write(`${line}\n`);
      lastLine = now();
      draw();
    },
    /** Stops the clock and takes the in-place line away. */
    stop() {
      clearInterval(ticker);
      clear();
      state.phase = "done";
    },
    elapsedMs: () => now() - t0,
  };
}

/** The start of an id, for the in-place line. */
export function shortId(id) {
  const head = String(id).split(":")[0];
  return head.length > 12 ? `${head.slice(0, 8)}…` : head;
}
