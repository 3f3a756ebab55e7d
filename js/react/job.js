// aimlapi-video/react: one hook's job, without React: what it shows (a snapshot for
// useSyncExternalStore), its one run at a time (a submit, or the following of a job already paid
// for), the clock that moves `progress` between the package's events, and the stored record.
import { DEFAULT_MODEL } from "../family.js";
import { openStore, same } from "./store.js";

/** What the hook shows before anything happens, and on the server. */
export const IDLE = Object.freeze({ state: "idle", job: null, progress: null, result: null, error: null });

// How often `progress.elapsedMs` moves between events: the package sends events only on changes.
const TICK_MS = 250;

// The package itself, loaded on first use: the server that renders a page with the hook never loads
// or compiles the module, and a bundler splits it into a chunk of its own.
let entry;
const load = () => (entry ??= import("../index.js").catch((e) => ((entry = undefined), Promise.reject(e))));

export class VideoJob {
  /** The hook's options, replaced at every render (an app may pass a new object each time). */
  defaults = {};
  snapshot = IDLE;
  #listeners = new Set();
  #run = null; // the run in flight: { stop: AbortController, promise, job }
  #clock = null; // { elapsedMs, at }: the last progress, and when it was true (performance.now())
  #ticker = null;
  #leaving = null;

  subscribe = (listener) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  #set(patch) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }

  /**
   * Mounted. StrictMode unmounts and mounts again at once: the stop `detach` put off is dropped
   * then, and the run goes on, so that a job is neither sent twice nor dropped.
   */
  attach() {
    clearTimeout(this.#leaving);
    this.#leaving = null;
    load().catch(() => {}); // compiles the module while the page is read: start() waits less
    const cut = this.snapshot.state === "submitting" || this.snapshot.state === "running"; // by an unmount
    if (!this.#run && (this.defaults.persist || cut)) this.resume();
  }

  /** Unmounted: every request stops, unless the component is mounted again at once. The stored job stays. */
  detach() {
    this.#leaving = setTimeout(() => {
      this.#leaving = null;
      this.#stop();
    }, 0);
  }

  /**
   * Submits a job with the defaults and `options`. While a run is in flight (a second click, an
   * effect run twice), returns that run's promise and sends nothing. When the storage holds a job
   * this hook does not know (another tab's), follows that one instead of paying for another.
   * Resolves with the result, or null (failed, cancelled, unmounted): the state says which.
   */
  start = (options = {}) => {
    if (this.#run) return this.#run.promise;
    const o = { ...this.defaults, ...options };
    let store;
    try {
      store = openStore(o.persist);
    } catch (error) {
      this.#set({ ...IDLE, state: "failed", error });
      return Promise.resolve(null);
    }
    const stored = store?.read();
    if (stored && !same(stored, this.snapshot.job)) return this.#follow(stored, store, o);
    const model = o.model ?? DEFAULT_MODEL;
    const run = this.#begin("submitting", null, 0);
    let job = null;
    const onProgress = (e) => {
      if (run !== this.#run) return;
      if (e.type === "submitting" && e.clientRequestId) {
        // Kept before the paid POST goes out: if the page goes before its answer, the next one
        // finds the job in the usage logs by this id. A storage that refuses stops the submit.
        job = { id: null, clientRequestId: e.clientRequestId, submittedAt: Date.now(), model };
        try {
          store?.write(job);
        } catch (cause) {
          job = null;
          run.failure = new Error(`useVideoGeneration: the job could not be stored, so it was not sent (${cause?.message ?? cause})`, { cause });
          run.stop.abort();
          return;
        }
        this.#set({ job });
      } else if (e.type === "submitted") {
        job = { ...(job ?? { clientRequestId: null, submittedAt: Date.now(), model }), id: e.id };
        run.job = job;
        try {
          store?.write(job);
        } catch {
          // The client request id is stored already: the job can still be found by it.
        }
        this.#set({ state: "running", job });
      }
      this.#progress(e, 0);
      o.onProgress?.(e);
    };
    run.promise = load()
      .then((m) => m.generateVideo({ ...o, persist: undefined, signal: this.#signal(run, o), onProgress }))
      .then(
        (result) => this.#done(run, store, job, result),
        (error) => this.#failed(run, store, job, run.failure ?? error),
      );
    return run.promise;
  };

  /** Stops every request at once. The job (and its stored record) stays: `resume()` follows it again. */
  cancel = () => {
    if (!this.#run) return;
    this.#stop();
    this.#set({ state: "cancelled" });
  };

  /**
   * Follows the stored job (or, without `persist`, the last one) again: by its id, or by its client
   * request id when its submit's answer never came. Sends nothing paid. Resolves as `start` does.
   */
  resume = () => {
    if (this.#run) return this.#run.promise;
    let store = null;
    try {
      store = openStore(this.defaults.persist);
    } catch {
      // No storage here: the job in memory, if any, is all there is.
    }
    // With `persist`, the storage is the truth (another tab may have finished the job); without, memory.
    const job = store ? store.read() : this.snapshot.state === "done" ? null : this.snapshot.job;
    if (!job) return Promise.resolve(null);
    return this.#follow(job, store, this.defaults);
  };

  /** Follows a job already submitted: no POST is ever sent from here. */
  #follow(stored, store, o) {
    let job = { ...stored, model: stored.model ?? o.model ?? DEFAULT_MODEL };
    const since = job.submittedAt ? Math.max(0, Date.now() - job.submittedAt) : 0;
    const run = this.#begin(job.id ? "running" : "submitting", job, since);
    run.job = job;
    const signal = this.#signal(run, o);
    const ask = { ...o, persist: undefined, onProgress: undefined, signal };
    let duplicates = [];
    run.promise = load()
      .then(async (m) => {
        if (!job.id) {
          const found = await m.recoverGeneration({ ...ask, clientRequestId: job.clientRequestId, model: job.model, submittedAt: job.submittedAt ?? undefined });
          duplicates = found.duplicates;
          job = { ...job, id: found.id, submittedAt: found.submittedAt };
          run.job = job;
          try {
            store?.write(job);
          } catch {
            // Found again by its client request id next time.
          }
          if (run === this.#run) this.#set({ state: "running", job });
        }
        // The package counts from its own call: shifted so that `progress` counts from the submit.
        const offset = job.submittedAt ? Math.max(0, Date.now() - job.submittedAt) : 0;
        const onProgress = (e) => {
          if (run !== this.#run) return;
          this.#progress(e, offset);
          o.onProgress?.(e);
        };
        const result = await m.waitForVideo({ ...ask, id: job.id, submittedAt: job.submittedAt ?? undefined, onProgress });
        return { ...result, clientRequestId: result.clientRequestId ?? job.clientRequestId, duplicates: [...duplicates, ...result.duplicates] };
      })
      .then(
        (result) => this.#done(run, store, job, result),
        (error) => this.#failed(run, store, job, error),
      );
    return run.promise;
  }

  #begin(state, job, elapsedMs) {
    const run = { stop: new AbortController(), promise: null, job, failure: null };
    this.#run = run;
    this.#clock = { elapsedMs, at: performance.now(), expectedMs: null };
    this.#set({ state, job, progress: { elapsedMs, expectedMs: null }, result: null, error: null });
    clearInterval(this.#ticker);
    this.#ticker = setInterval(() => this.#tick(), TICK_MS);
    return run;
  }

  /** The run's signal: ours (cancel, unmount), and the app's own `signal` if it gave one. */
  #signal(run, o) {
    const theirs = o.signal;
    return theirs && typeof AbortSignal.any === "function" ? AbortSignal.any([run.stop.signal, theirs]) : run.stop.signal;
  }

  /** An event's estimate: it resets the clock. */
  #progress(e, offset) {
    if (typeof e.elapsedMs !== "number") return;
    const expectedMs = e.expectedMs === null ? null : e.expectedMs + offset;
    this.#clock = { elapsedMs: Math.max(e.elapsedMs + offset, this.#now()), at: performance.now(), expectedMs };
    this.#set({ progress: { elapsedMs: this.#clock.elapsedMs, expectedMs } });
  }

  #now() {
    return this.#clock ? this.#clock.elapsedMs + (performance.now() - this.#clock.at) : 0;
  }

  #tick() {
    if (!this.#run || !this.#clock) return;
    this.#set({ progress: { elapsedMs: Math.round(this.#now()), expectedMs: this.#clock.expectedMs } });
  }

  /** Ends the run in flight, if any, without a word: its promise resolves null. */
  #stop() {
    const run = this.#run;
    this.#run = null;
    clearInterval(this.#ticker);
    this.#ticker = null;
    run?.stop.abort();
  }

  #done(run, store, job, result) {
    if (run !== this.#run) return null;
    this.#stop();
    store?.remove(run.job ?? job);
    this.#set({ state: "done", result, job: run.job ?? job ?? this.snapshot.job });
    return result;
  }

  #failed(run, store, job, error) {
    if (run !== this.#run) return null;
    this.#stop();
    job = run.job ?? job;
    // Forgotten only when no job can exist any more: it failed, or the submit was refused before
    // anything was created (`retryable`, with no generation). Else it stays, for resume().
    const over = error?.code === "generation_failed" || (error?.retryable === true && !error.generationId);
    if (job && over) store?.remove(job);
    // The app's own `signal` stopped it: a cancel, as cancel() is.
    const state = error?.code === "aborted" ? "cancelled" : "failed";
    this.#set({ state, error, job: job ?? this.snapshot.job });
    return null;
  }
}
