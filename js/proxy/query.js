// A route's query string as the proxy reads it: its pairs, once, or an error when it is longer
// than any query the package sends (the price list's and the usage logs' routes).

// The package's longest query (a lookup: a model and two dates) is under 200 characters.
const MAX_QUERY = 1000;

/** `{ pairs }` of the query `query` (raw, without "?"), or `{ error }` when it is too long. */
export function queryPairs(query) {
  if (query.length > MAX_QUERY) return { error: `The query is longer than ${MAX_QUERY} characters.` };
  try {
    return { pairs: [...new URLSearchParams(query)] };
  } catch {
    return { pairs: [] };
  }
}
