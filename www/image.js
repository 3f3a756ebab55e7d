// The image to animate: a URL (previewed), or a chosen or dropped file read into a data: URL.
import { setError } from "./form.js";

const $ = (id) => document.getElementById(id);
const LARGE_IMAGE = 4 * 1024 * 1024;
let imageData = null; // a data: URL from a chosen or dropped file

/** The image to send: the file's data: URL, else the URL field's text. */
export const chosenImage = () => imageData ?? $("image-url").value.trim();
export const hasImageFile = () => imageData !== null;

function showThumb(src) {
  const img = $("thumb");
  if (src) {
    img.src = src;
    img.hidden = false;
  } else {
    img.removeAttribute("src");
    img.hidden = true;
  }
}
function useFile(file) {
  setError("image", "");
  $("image-warn").textContent = "";
  if (!file) return;
  // Not judged by its type, a label: the package reads what the file is from its bytes at Generate.
  if (file.size > LARGE_IMAGE) {
    $("image-warn").textContent = `This image is ${(file.size / 1048576).toFixed(1)} MB: it is sent inside the request, which will be slow (over 10 MB the package refuses it). A smaller image (under 4 MB) or an image URL works better.`;
  }
  const reader = new FileReader();
  reader.onload = () => {
    imageData = String(reader.result);
    $("image-url").value = "";
    showThumb(imageData);
  };
  reader.onerror = () => setError("image", "The file could not be read.");
  reader.readAsDataURL(file);
}
function previewUrl() {
  imageData = null;
  const u = $("image-url").value.trim();
  showThumb(/^https?:\/\//i.test(u) ? u : null);
}

export function setUpImage() {
  $("image-file").addEventListener("change", (e) => useFile(e.target.files[0]));
  $("image-url").addEventListener("input", previewUrl);
  if ($("image-url").value) previewUrl();
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    useFile(e.dataTransfer.files[0]);
  });
}
