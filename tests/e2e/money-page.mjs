// The page side of money.test.mjs: one function that runs in a browser page (its source only, no
// closure), imports the built package and makes every call of issue 27's checks, each against the
// base URL the test gives it (a tag and faults of the simulator, direct or behind the proxy). It
// returns what the page saw, as JSON; the test compares that with the simulator's log and prices.
export async function moneyPage({ pkg, bases, model, apiKey, fields, badIds }) {
  const { generateVideo, createGeneration, estimateCost } = await import(pkg);
  const key = apiKey ? { apiKey } : {};
  const common = { model, prompt: "a lighthouse at dusk", pollIntervalMs: 50, ...key };
  // A result or an error as plain data (the error's fields, which JSON would lose).
  const settle = (p) =>
    p.then(
      (ok) => ({ ok }),
      (e) => ({ error: { code: e?.code ?? null, message: String(e?.message ?? e), clientRequestId: e?.clientRequestId ?? null, status: e?.status ?? null } }),
    );
  const quoteTwice = async (baseUrl, extra = {}) => [
    await settle(estimateCost({ baseUrl, model, ...fields, ...extra })),
    await settle(estimateCost({ baseUrl, model, ...fields, ...extra })),
  ];
  const out = {};
  const run = async (name, check) => {
    if (bases[name] === undefined) return;
    try {
      out[name] = await check(bases[name]);
    } catch (e) {
      out[name] = { thrown: String(e?.stack ?? e) };
    }
  };

  await run("id", async (baseUrl) => {
    const events = [];
    const given = await settle(generateVideo({ ...common, baseUrl, clientRequestId: "page:1.a_b-c", onProgress: (e) => events.push({ type: e.type, clientRequestId: e.clientRequestId }) }));
    const made = await settle(generateVideo({ ...common, baseUrl }));
    const created = await settle(createGeneration({ ...common, baseUrl, clientRequestId: "create-2" }));
    const none = await settle(createGeneration({ ...common, baseUrl, clientRequestId: false }));
    return { given, made, created, none, events };
  });
  await run("badId", async (baseUrl) => {
    const refused = [];
    for (const id of badIds) {
      refused.push(await settle(generateVideo({ ...common, baseUrl, clientRequestId: id })));
      refused.push(await settle(createGeneration({ ...common, baseUrl, clientRequestId: id })));
    }
    return refused;
  });
  await run("body", async (baseUrl) => ({ video: await settle(generateVideo({ ...common, ...fields, baseUrl })), quote: await settle(estimateCost({ baseUrl, model, ...fields })) }));
  await run("header", async (baseUrl) => ({ video: await settle(generateVideo({ ...common, ...fields, baseUrl })) }));
  await run("array", async (baseUrl) => ({ video: await settle(generateVideo({ ...common, baseUrl })) }));
  // Each pricing form: the same estimate twice (the second revalidated), then other settings;
  // through a fetch that records what the package sent and what the engine handed back (an engine
  // that answered a 304 from its own cache as a 200 would show here, not in the server's log).
  const priced = async (baseUrl) => {
    const wire = [];
    const fetch = async (url, init) => {
      const res = await globalThis.fetch(url, init);
      wire.push({ ifNoneMatch: new Headers(init?.headers).get("if-none-match"), authorization: new Headers(init?.headers).has("authorization"), status: res.status, etag: res.headers.get("etag") });
      return res;
    };
    const same = await quoteTwice(baseUrl, { fetch });
    const other = await settle(estimateCost({ baseUrl, model, duration: 4, resolution: "1080p", generateAudio: true, fetch }));
    return { same, other, wire };
  };
  for (const name of Object.keys(bases).filter((n) => n.startsWith("price:"))) await run(name, priced);
  // The catalogue's ETag not exposed (catalog=hideetag), and no CORS on it at all (catalog=nocors).
  await run("hiddenEtag", priced);
  await run("noCors", async (baseUrl) => ({ quote: await settle(estimateCost({ baseUrl, model })) }));
  await run("keyless", async (baseUrl) => ({ video: await settle(generateVideo({ ...common, baseUrl, maxUsd: 1000 })) }));
  await run("maxUsd", async (baseUrl) => ({ over: await settle(generateVideo({ ...common, ...fields, baseUrl, maxUsd: 0.01 })) }));
  await run("maxUsdUnknown", async (baseUrl) => ({ unknown: await settle(generateVideo({ ...common, baseUrl, maxUsd: 1000 })) }));
  return out;
}
