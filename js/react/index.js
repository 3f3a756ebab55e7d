// aimlapi-video/react: useVideoGeneration, a React hook over the package's generateVideo,
// waitForVideo and recoverGeneration. The job itself lives in js/react/job.js, outside React.
import { useEffect, useState, useSyncExternalStore } from "react";
import { IDLE, VideoJob } from "./job.js";

const serverSnapshot = () => IDLE;

/**
 * Generates a video, shows its progress, and with `persist` picks a paid job up again after a
 * reload. `defaults` may be a new object at every render; `start(options)` lays its options over it.
 */
export function useVideoGeneration(defaults) {
  // One job per component, kept across StrictMode's second render and its second mount.
  const [job] = useState(() => new VideoJob());
  job.defaults = defaults ?? {};
  const snapshot = useSyncExternalStore(job.subscribe, job.getSnapshot, serverSnapshot);
  useEffect(() => {
    job.attach();
    return () => job.detach();
  }, [job]);
  return { ...snapshot, start: job.start, cancel: job.cancel, resume: job.resume };
}
