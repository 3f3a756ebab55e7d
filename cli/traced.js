// The package's requests as the command line sees them leave, through its `fetch` option: the
// price list's read (--max-usd), said when it goes; and a submit whose connection was refused,
// which sent nothing (a terminal can tell what a page cannot: nothing listens there).

/** Whether a fetch failure is a refused connection, or a port fetch refuses to call: the request never left this machine. */
export function connectionRefused(e) {
  for (let c = e, i = 0; c && i < 5; c = c.cause, i++) if (c.code === "ECONNREFUSED" || c.message === "bad port") return true;
  return false;
}

/** A fetch for the package's `fetch` option. `onPriceRead()` once the price list's read leaves; `onRefusedSubmit()` when a POST's connection is refused. */
export function tracedFetch({ onPriceRead, onRefusedSubmit }) {
  let priceSaid = false;
  return async (url, init) => {
    if (!priceSaid && onPriceRead && /\/v1\/models\b/.test(String(url))) {
      priceSaid = true;
      onPriceRead();
    }
    try {
      return await fetch(url, init);
    } catch (e) {
      if (String(init?.method).toUpperCase() === "POST" && connectionRefused(e)) onRefusedSubmit?.();
      throw e;
    }
  };
}
