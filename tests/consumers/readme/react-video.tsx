"use client"; // a client component (Next.js); in any React app alike
import { useVideoGeneration } from "aimlapi-video/react";

export function Video({ imageUrl }: { imageUrl: string }) {
  const { start, cancel, state, progress, result, error } = useVideoGeneration({ baseUrl: "/api/aimlapi", persist: "video-job" });
  if (state === "submitting" || state === "running") return <p>{progress?.elapsedMs} ms <button onClick={cancel}>Stop</button></p>;
  if (result) return <video src={result.videoUrl} controls title={`$${result.usdSpent}`} />;
  return <p>{error?.message} <button onClick={() => start({ prompt: "a cat turns its head", imageUrl })}>Generate</button></p>;
}
