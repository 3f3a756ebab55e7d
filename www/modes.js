// What the demo can make: one mode per kind of Veo 3.1 model, its model ids by speed, and which
// of the form's fields it uses (the page shows only those). The package checks the same rules.
const LITE = { lite: "google/veo-3-1-lite-generate-preview", lite001: "veo-3.1-lite-generate-001" };
export const MODES = {
  image: { models: { full: "google/veo-3.1-i2v", fast: "google/veo-3.1-i2v-fast", ...LITE }, image: true, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  text: { models: { full: "google/veo-3.1-t2v", fast: "google/veo-3.1-t2v-fast", ...LITE }, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  frames: { models: { full: "google/veo-3.1-first-last-image-to-video", fast: "google/veo-3.1-first-last-image-to-video-fast", ...LITE }, image: true, last: true, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  reference: { models: { full: "google/veo-3.1-reference-to-video" }, references: true, aspect: [], durations: [8], resolutions: ["1080p", "720p"] },
  extend: { models: { full: "google/veo3-1-extend-video", fast: "google/veo3-1-fast-extend-video" }, video: true, aspect: ["auto", "16:9", "9:16"], durations: [7], resolutions: ["720p"] },
};
