// The simulator's usage logs, GET /v2/logs as spec/api/logs-v2.openapi.json documents it: the
// query's checks (window, filters, paging), and the rows of the simulator's jobs, newest first.
const DAY = 86_400_000;
const MAX_WINDOW = 92 * DAY;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function instant(s) {
  if (!ISO.test(s)) return NaN;
  // A value without a UTC offset is read as UTC (the spec's words).
  return Date.parse(/T/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s);
}

/** The query of a logs read, checked: { error } (a 400's message) or { from, to, models, statuses, limit, offset }. */
export function parseQuery(params, now) {
  const one = (k) => {
    const all = params.getAll(k);
    return all.length > 1 ? { bad: `${k} is given more than once` } : { v: all[0] };
  };
  for (const k of ["period", "start", "end", "limit", "offset"]) if (one(k).bad) return { error: one(k).bad };
  const period = params.get("period");
  const start = params.get("start");
  const end = params.get("end");
  let from, to;
  if (period !== null) {
    if (start !== null || end !== null) return { error: "Provide either period or start and end, not both" };
    const m = /^([1-9]\d{0,5})([hd])$/.exec(period);
    if (!m) return { error: "period must be a positive integer followed by h or d" };
    const span = Number(m[1]) * (m[2] === "h" ? DAY / 24 : DAY);
    if (span > MAX_WINDOW) return { error: "The window must not exceed 92 days" };
    [from, to] = [now - span, now];
  } else {
    if (start === null || end === null) return { error: "Provide either period or both start and end" };
    [from, to] = [instant(start), instant(end)];
    if (Number.isNaN(from) || Number.isNaN(to)) return { error: "start and end must be ISO-8601 dates" };
    if (to < from) return { error: "end must not be earlier than start" };
    if (to - from > MAX_WINDOW) return { error: "The window must not exceed 92 days" };
  }
  const models = params.getAll("model");
  if (models.length > 50) return { error: "At most 50 model values" };
  const statuses = params.getAll("status");
  if (statuses.some((s) => s !== "succeeded" && s !== "failed")) return { error: "status must be succeeded or failed" };
  const int = (k, dflt, min, max) => {
    const v = params.get(k);
    if (v === null) return dflt;
    return /^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : NaN;
  };
  const limit = int("limit", 50, 1, 100);
  if (Number.isNaN(limit)) return { error: "limit must be an integer from 1 to 100" };
  const offset = int("offset", 0, 0, Number.MAX_SAFE_INTEGER);
  if (Number.isNaN(offset)) return { error: "offset must be a non-negative integer" };
  return { from, to, models, statuses, limit, offset };
}

/** When a job ends (ms), or Infinity (never). */
export const endOf = (job) => (job.f.never ? Infinity : job.created + Number(job.f.queue ?? 0) + job.dur);

/** The `logs` fault's parts, from the submit's and the read's faults: `logs=early+lag:500`. */
export function logsFaults(...fs) {
  const parts = fs.flatMap((f) => String(f.logs ?? "").split("+").filter(Boolean));
  const lag = Math.max(0, ...parts.filter((p) => p.startsWith("lag:")).map((p) => Number(p.slice(4)) || 0));
  return { parts, early: parts.includes("early"), lag };
}

/** The row of `job` as a read at `now` under the read's faults `f` sees it, or null (not listed yet). */
function row(job, now, f) {
  const { early, lag } = logsFaults(job.f, f);
  const end = endOf(job);
  const ended = now >= end;
  if (!(early || now >= end + lag)) return null;
  const failed = Boolean(job.f.fail);
  const cost = ended && !failed ? job.cost : { usd: 0, credits: 0 };
  return {
    created: new Date(job.created).toISOString(),
    // A row has only two words: an early row already says how the job will end.
    status: failed ? "failed" : "succeeded",
    origin: "api",
    model: job.model,
    cost: { usd: cost.usd, credits: cost.credits },
    tokens: { input: 0, output: 0, total: 0 },
    request_id: job.requestId,
    inference_id: job.id,
    client_request_id: job.clientRequestId ?? null,
  };
}

/** The answer of a checked query `q` over `jobs` (a Map, oldest first). */
export function listLogs(jobs, q, now, f) {
  const rows = [];
  for (const job of jobs.values()) {
    if (job.created < q.from || job.created > q.to) continue;
    if (q.models.length && !q.models.includes(job.model)) continue;
    const r = row(job, now, f);
    if (!r || (q.statuses.length && !q.statuses.includes(r.status))) continue;
    rows.push(r);
  }
  rows.reverse(); // newest first
  const data = rows.slice(q.offset, q.offset + q.limit);
  return { data, pagination: { limit: q.limit, offset: q.offset, total: rows.length, has_more: q.offset + data.length < rows.length } };
}
