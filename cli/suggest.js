// "Did you mean": the nearest of a list of known words (flags, model ids) to one mistyped, by edit
// distance, for the messages of a flag the command line does not know and a model the family lacks.

/**
 * The edit distance of `a` and `b` (insertions, deletions, substitutions, and swaps of two
 * neighbours, the commonest typo: "--prot"), or `cap + 1` as soon as it is known to be more.
 */
export function distance(a, b, cap = Infinity) {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let before = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > cap) return cap + 1;
    [before, prev] = [prev, row];
  }
  return prev[b.length];
}

/** How many edits a word of this length may be off and still be taken for a typo. */
const slack = (word) => (word.length <= 4 ? 1 : word.length <= 9 ? 2 : 3);

/**
 * The word of `known` nearest to `given` (compared in lower case, "_" as "-"), when it is near
 * enough to be a typo of it; `aliases` maps other spellings (an option's JavaScript name) to the
 * word they mean. A given word that begins exactly one known word (at least 3 letters) is taken
 * for it. Undefined when none is near.
 */
export function nearest(given, known, aliases = {}) {
  const norm = (s) => s.toLowerCase().replace(/_/g, "-");
  const g = norm(given);
  if (!g) return undefined;
  const words = new Map([...known.map((k) => [norm(k), k]), ...Object.entries(aliases).map(([a, k]) => [norm(a), k])]);
  if (words.has(g)) return words.get(g);
  const prefixed = [...new Set(known.filter((k) => g.length >= 3 && norm(k).startsWith(g)))];
  if (prefixed.length === 1) return prefixed[0];
  let best;
  let bestD = slack(g) + 1;
  for (const [w, k] of words) {
    const d = distance(g, w, bestD - 1);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** The model id of `ids` that `given` (not one of them) looks like a typo of: the nearest, or the one it ends (without the vendor's "google/"). */
export function nearestModel(given, ids) {
  if (typeof given !== "string" || ids.includes(given)) return undefined;
  const g = given.toLowerCase();
  const tail = ids.filter((id) => id.toLowerCase().endsWith(`/${g}`));
  if (tail.length === 1) return tail[0];
  return nearest(given, ids);
}
