// What the demo keeps on this device (localStorage): the jobs it ran (the history), and helpers that
// never throw where storage is blocked. Nothing is stored that the user did not ask for; the key is
// kept only by "Remember" (backend.js).
const HISTORY_STORE = "aimlapi-video:history";
const KEPT = 20;

export const store = {
  get(k) {
    try {
      return localStorage.getItem(k);
    } catch {
      return null; // storage blocked (private mode, sandbox): the page still works
    }
  },
  set(k, v) {
    try {
      localStorage.setItem(k, v);
    } catch {}
  },
  remove(k) {
    try {
      localStorage.removeItem(k);
    } catch {}
  },
};

/** The saved jobs, newest first (an empty list when storage holds none, or something unreadable). */
export function savedJobs() {
  try {
    const h = JSON.parse(store.get(HISTORY_STORE) ?? "[]");
    return Array.isArray(h) ? h : [];
  } catch {
    return [];
  }
}

// An entry is the same job by its generation id, or before there is one by its client request id.
export const sameJob = (a, b) => (a.id != null && a.id === b.id) || (a.clientRequestId != null && a.clientRequestId === b.clientRequestId);

/** Puts `entry` first, in place of the same job's older entry. */
export function saveJob(entry) {
  const h = savedJobs().filter((e) => !sameJob(e, entry));
  h.unshift(entry);
  store.set(HISTORY_STORE, JSON.stringify(h.slice(0, KEPT)));
}

export function clearJobs() {
  store.remove(HISTORY_STORE);
}
