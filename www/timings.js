// What the package has learned of its jobs' times (exportTimings), kept per base URL across reloads:
// the bar's estimate is the package's own (its events' expectedMs), and it should be learned from
// the host the job runs on. The simulator's seconds must not shape the real API's minutes, nor the
// real API's minutes the simulator's, so the package holds only the chosen host's before each call.
import { exportTimings, importTimings } from "aimlapi-video";
import { store } from "./store.js";

const STORE = "aimlapi-video:timings";
const HOSTS = 8; // the base URLs kept, the least recently used dropped first
const NOTHING = { version: 1, jobs: [] };

function saved() {
  try {
    const t = JSON.parse(store.get(STORE) ?? "{}");
    return t !== null && typeof t === "object" && !Array.isArray(t) ? t : {};
  } catch {
    return {};
  }
}
const keyOf = (baseUrl) => String(baseUrl).replace(/\/+$/, "");

/** Before a call to `baseUrl`: the package holds what it learned of that host's jobs, and nothing else. */
export async function useTimingsOf(baseUrl) {
  try {
    await importTimings(saved()[keyOf(baseUrl)] ?? NOTHING);
  } catch {
    // Unreadable (an older page's, say): forgotten. A module that cannot load says so in the call.
    await importTimings(NOTHING).catch(() => {});
  }
}

/** After a call to `baseUrl` settled: what the package learned from it is kept for that host. */
export async function keepTimingsOf(baseUrl) {
  try {
    const learned = await exportTimings();
    const all = saved();
    delete all[keyOf(baseUrl)];
    all[keyOf(baseUrl)] = learned; // last: the most recently used
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - HOSTS))) delete all[k];
    store.set(STORE, JSON.stringify(all));
  } catch {}
}
