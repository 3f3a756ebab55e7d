"use client"; // video.tsx: a client component (Next.js); any React 18+ app alike
import { useVideoGeneration } from "aimlapi-video/react";

export function Video({ image }: { image: string }) {
  const { start, cancel, state, progress, result, error } = useVideoGeneration({ baseUrl: "/api/aimlapi", persist: "video-job" });
  const pct = progress?.expectedMs ? Math.min(99, (100 * progress.elapsedMs) / progress.expectedMs) : null;
  return (
    <div>
      <button disabled={state === "submitting" || state === "running"} onClick={() => start({ prompt: "a cat turns its head", imageUrl: image })}>Generate</button>
      <button onClick={cancel}>Stop</button>
      {pct !== null && <progress max={100} value={pct} />}
      {result && <video src={result.videoUrl} controls />} {result?.usdSpent != null && `$${result.usdSpent}`}
      {error && <p>{error.message}</p>}
    </div>
  );
}
