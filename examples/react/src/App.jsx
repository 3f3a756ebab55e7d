// One video from a prompt and an image URL, with useVideoGeneration: a progress bar that moves, Stop
// and Resume, the cost, and the job kept in localStorage so that a reload picks it up again.
import { useState } from "react";
import { useVideoGeneration } from "aimlapi-video/react";

// The simulator (`npm run sim`) by default; in production, your proxy (see docs/PROXY.md), which
// adds the key on the server: a page never holds it.
const baseUrl = import.meta.env.VITE_AIMLAPI_BASE_URL ?? "http://127.0.0.1:8787";

export function App() {
  const [prompt, setPrompt] = useState("a cat turns its head");
  const [imageUrl, setImageUrl] = useState("https://example.com/cat.png");
  const { start, cancel, resume, state, job, progress, result, error } = useVideoGeneration({ baseUrl, persist: "video-job" });
  const busy = state === "submitting" || state === "running";
  const seconds = (ms) => (ms / 1000).toFixed(0);

  return (
    <main>
      <h1>Image to video</h1>
      <form onSubmit={(e) => (e.preventDefault(), start({ prompt, imageUrl }))}>
        <label>Prompt <input value={prompt} onChange={(e) => setPrompt(e.target.value)} /></label>
        <label>First frame (URL) <input value={imageUrl} onChange={(e) => setImageUrl(e.target.value)} /></label>
        <button disabled={busy}>Generate</button>
      </form>
      <p role="status">
        {state}
        {progress && busy && ` · ${seconds(progress.elapsedMs)} s${progress.expectedMs ? ` of about ${seconds(progress.expectedMs)} s` : ""}`}
      </p>
      {progress?.expectedMs && busy ? <progress max={progress.expectedMs} value={Math.min(progress.elapsedMs, progress.expectedMs)} /> : null}
      {busy && <button onClick={cancel}>Stop waiting</button>}
      {/* The API has no cancel: a stopped job still runs, and is paid for, on the server. */}
      {(state === "cancelled" || state === "failed") && job && <button onClick={resume}>Resume job {job.id ?? job.clientRequestId}</button>}
      {error && <p role="alert">{error.message}</p>}
      {result && (
        <figure>
          <video src={result.videoUrl} controls autoPlay muted loop width={640} />
          <figcaption>{result.usdSpent !== null ? `Cost: $${result.usdSpent.toFixed(2)}` : "Cost not reported"}</figcaption>
        </figure>
      )}
    </main>
  );
}
