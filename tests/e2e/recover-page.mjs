// The calling side of recover.test.mjs: one function that runs in a browser page (its source only,
// no closure) or in Node, imports the built package and makes issue 28's calls, each against the
// base URL the test gives it (a tag and faults of the simulator). It returns what the caller saw,
// as JSON, with the caller's clock (Date.now(): the simulator's log uses the same machine's).
//
// `lost`: every lost-answer check at once (one page, one module), each a generateVideo whose
// submit's answer is lost in its own way; "abandon" gives up (aborts) as soon as the package says
// it is recovering, leaving a created job that only its client request id can find.
// `recover`: recoverGeneration alone, as after a reload or in another process; `fresh` says no
// `lost` run happened in this realm.
export async function recoverCalls({ pkg, lost, recover, apiKey }) {
  const lib = await import(pkg);
  const key = apiKey ? { apiKey } : {};
  // A result or an error as plain data (the error's fields, which JSON would lose), and when it settled.
  const settle = (p) =>
    p.then(
      (ok) => ({ ok: { id: ok.id, status: ok.status, videoUrl: ok.videoUrl ?? null, clientRequestId: ok.clientRequestId, submittedAt: ok.submittedAt ?? null, duplicates: ok.duplicates ?? null }, at: Date.now() }),
      (e) => ({ error: { code: e?.code ?? null, message: String(e?.message ?? e), clientRequestId: e?.clientRequestId ?? null, retryable: e?.retryable ?? null, status: e?.status ?? null }, at: Date.now() }),
    );
  if (recover) {
    const fresh = !globalThis.recoverCallsLost;
    const startedAt = Date.now();
    return { ...(await settle(lib.recoverGeneration({ ...recover, ...key }))), startedAt, fresh };
  }
  globalThis.recoverCallsLost = true;
  const { bases, model, pagedModel, timeoutMs, cutTimeoutMs } = lost;
  const common = { model, prompt: "a lighthouse at dusk", duration: 4, resolution: "720p", pollIntervalMs: 50, timeoutMs, ...key };
  const one = async (name, extra = {}) => {
    const events = [];
    const controller = new AbortController();
    const startedAt = Date.now();
    const onProgress = (e) => {
      events.push({ type: e.type, id: e.id ?? null, clientRequestId: e.clientRequestId ?? null, at: Date.now() });
      if (name === "abandon" && e.type === "recovering") controller.abort();
    };
    const r = await settle(lib.generateVideo({ ...common, baseUrl: bases[name], onProgress, signal: controller.signal, ...extra }));
    return { ...r, startedAt, events };
  };
  const runs = {
    drop: one("drop"),
    503: one("503"),
    // Another model: only the noise's rows and ours are listed for it, so ours is exactly row 251.
    paged: one("paged", { model: pagedModel, resolution: "720P" }),
    lag: one("lag"),
    cut: one("cut", { timeoutMs: cutTimeoutMs }),
    abandon: one("abandon"),
  };
  const out = {};
  for (const [name, run] of Object.entries(runs)) out[name] = await run;
  return out;
}
