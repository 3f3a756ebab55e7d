// The apps of tests/consumers/react.test.mjs: aimlapi-video/react from the packed tarball in a
// Vite + React 19 page (plain JavaScript, no JSX plugin) that the test drives by its query and its
// buttons, and the same hook in a Next.js App Router page, rendered on the server at build time.

/**
 * The Vite page. Query: `sim` (the baseUrl), `persist` (a storage key), `strict` (StrictMode),
 * `auto` (start in an effect, as StrictMode runs twice), `full` (a storage that refuses writes).
 * It records for the test: every request the page starts (`window.requests`, wrapping fetch
 * before the package loads), every change of `progress.elapsedMs` (`window.moves`), and the
 * hook's last render (`window.hook`).
 */
export const VITE_MAIN = `import { StrictMode, createElement as h, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { useVideoGeneration } from "aimlapi-video/react";

const q = new URLSearchParams(location.search);
window.requests = [];
const realFetch = window.fetch;
window.fetch = (input, init) => {
  window.requests.push({ at: performance.now(), method: init?.method ?? input?.method ?? "GET", url: String(input?.url ?? input) });
  return realFetch(input, init);
};
window.moves = [];

// \`full\`: a storage that refuses every write, as a full or disabled one does.
const full = { getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); }, removeItem: () => {} };
const persist = q.has("full") ? { key: "job", storage: full } : q.get("persist") || undefined;

function Video() {
  const g = useVideoGeneration({ baseUrl: q.get("sim"), persist, prompt: "a cat turns its head", imageUrl: "https://example.com/cat.png" });
  const last = window.moves.at(-1);
  if (g.progress && g.progress.elapsedMs !== last?.elapsedMs) window.moves.push({ at: performance.now(), state: g.state, ...g.progress });
  window.hook = {
    state: g.state,
    job: g.job,
    progress: g.progress,
    result: g.result && { videoUrl: g.result.videoUrl, usdSpent: g.result.usdSpent, clientRequestId: g.result.clientRequestId, id: g.result.id },
    error: g.error && { code: g.error.code ?? null, message: g.error.message },
  };
  useEffect(() => {
    if (q.has("auto")) g.start();
  }, []);
  return h("div", null,
    h("button", { id: "start", onClick: () => g.start() }, "Start"),
    h("button", { id: "cancel", onClick: () => ((window.cancelledAt = performance.now()), g.cancel()) }, "Cancel"),
    h("button", { id: "resume", onClick: () => g.resume() }, "Resume"),
    h("p", { id: "state" }, g.state),
    g.result && h("video", { src: g.result.videoUrl }));
}

function App() {
  const [shown, setShown] = useState(true);
  const toggle = () => ((window.unmountedAt = shown ? performance.now() : undefined), setShown(!shown));
  return h("div", null, h("button", { id: "toggle", onClick: toggle }, "Unmount / mount"), shown && h(Video));
}

const app = h(App);
createRoot(document.getElementById("root")).render(q.has("strict") ? h(StrictMode, null, app) : app);
`;

export const VITE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>react</title><link rel="icon" href="data:,">
<script type="module" src="/src/main.js"></script></head><body><div id="root"></div></body></html>
`;

/** The Next.js app: a server page whose tree holds a client component with the hook. */
export const NEXT_FILES = {
  "app/layout.jsx": `export const metadata = { title: "video" };
export default function Layout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`,
  "app/page.jsx": `import { Video } from "./video.jsx";
export default function Page() {
  return <main><h1>A video</h1><Video /></main>;
}
`,
  "app/video.jsx": `"use client";
import { useVideoGeneration } from "aimlapi-video/react";
export function Video() {
  const { start, state, progress } = useVideoGeneration({ baseUrl: "/api/aimlapi", persist: "video-job" });
  return <div><button onClick={() => start({ prompt: "a cat", imageUrl: "https://example.com/cat.png" })}>Generate</button><p id="state">state: {state}</p>{progress && <p>{progress.elapsedMs}</p>}</div>;
}
`,
  // The tools are in tests/consumers/node_modules, above the app: Turbopack compiles nothing outside its root.
  "next.config.mjs": 'import path from "node:path";\nexport default { turbopack: { root: path.resolve("../..") } };\n',
};
