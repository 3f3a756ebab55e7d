// What the demo can make: one mode per kind of Veo 3.1 model, its model ids by tier, and which of
// the form's fields it uses (the page shows only those). The package checks the same rules.
export const MODES = {
  image: { label: "Image → video", models: { full: "google/veo-3.1-i2v", fast: "google/veo-3.1-i2v-fast" }, image: true, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  text: { label: "Text → video", models: { full: "google/veo-3.1-t2v", fast: "google/veo-3.1-t2v-fast" }, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  frames: { label: "First + last frame", models: { full: "google/veo-3.1-first-last-image-to-video", fast: "google/veo-3.1-first-last-image-to-video-fast" }, image: true, last: true, aspect: ["16:9", "9:16"], durations: [8, 6, 4], resolutions: ["1080p", "720p"] },
  reference: { label: "Reference images", models: { full: "google/veo-3.1-reference-to-video" }, references: true, aspect: [], durations: [8], resolutions: ["1080p", "720p"] },
  extend: { label: "Extend a video", models: { full: "google/veo3-1-extend-video", fast: "google/veo3-1-fast-extend-video" }, video: true, aspect: ["auto", "16:9", "9:16"], durations: [7], resolutions: ["720p"] },
};
