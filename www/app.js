// The demo page: bring your own key (or none, with the local simulator), pick what to make, watch
// it become a video. This file wires the parts together; everything from the server or the user
// reaches the page as text (textContent), never as HTML.
import { setUpBackend, underNpmStart, simUrl } from "./backend.js";
import { showMode } from "./form.js";
import { setUpImage } from "./image.js";
import { requote } from "./quote.js";
import { setUpHistory } from "./history.js";
import { showVideo, setAspect } from "./result.js";
import { setUpDownload } from "./download.js";
import { setUpFailure } from "./advice.js";
import { generate, resume, find, cancel, busy, followed } from "./jobs.js";

const $ = (id) => document.getElementById(id);

setUpBackend(requote);

// What to make: the mode picks the model and the fields.
const modeChanged = () => showMode(requote);
for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener("change", modeChanged);
$("tier").addEventListener("change", modeChanged);
for (const id of ["duration", "resolution", "audio"]) $(id).addEventListener("change", requote);
modeChanged();

// Under `npm start`, a first visit can press Generate at once: the simulator's sample image and a
// prompt are filled in (only there: against the real API nothing is chosen for the user).
if (underNpmStart) {
  $("image-url").value = `${new URL(simUrl).origin}/media/first-frame.jpg`;
  $("prompt").value = "The colours swirl slowly into the centre, like ink in water.";
}
setUpImage();

$("aspect").addEventListener("change", () => setAspect($("aspect").value));
setUpDownload();
setUpFailure();
setUpHistory({ busy, followed, play: showVideo, resume: (e) => resume(e), find });

$("form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  generate();
});
$("cancel").addEventListener("click", cancel);

// "Extend this video": the finished video becomes the one to extend.
$("extend-this").addEventListener("click", () => {
  $("mode-extend").checked = true;
  $("video-url").value = $("video").src;
  modeChanged();
  $("prompt").focus();
});
