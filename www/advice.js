// What errors mean to a person, and the failure box that says it: beside the status that says
// "Failed", announced (role=alert) and focused, so that the eye and the screen reader both land on it.
const $ = (id) => document.getElementById(id);

// A submit that ended with one of these was answered (refused, or the job failed): no job to look for.
// Any other (no answer, a 5xx, a 408, an unreadable body) leaves the job in doubt.
export const REFUSED = ["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "generation_failed"];
export const LOOKING = "The connection dropped after the submit; looking for the job in the usage logs… nothing is sent again";
export const ADVICE = {
  invalid_request: ["The request was not accepted", "Check the fields of the form and try again."],
  unauthorized: ["The API key was not accepted", "Check the key in your AI/ML API dashboard, paste it again, and retry."],
  forbidden: ["The account refused the request", "This usually means the account is out of credits: top up in your AI/ML API dashboard, then retry."],
  not_found: ["Not found", "Check the base URL; for a resumed job, it may have expired."],
  rate_limited: ["Too many requests right now", "Wait a minute, then try again."],
  server_error: ["The API had a problem", "It is not your fault. Try again in a minute."],
  http_error: ["The API answered unexpectedly", "Try again; if it keeps happening, check the base URL."],
  network_error: ["Could not reach the API", "Check your connection. If the host is right, it may not allow this page's origin (CORS): use a proxy as a custom base URL."],
  bad_response: ["The API's answer made no sense", "Try again in a minute."],
  generation_failed: ["The model could not make this video", "Try another image or prompt."],
  timeout: ["No video within the time limit", "The job may still finish: press Resume in the history."],
  aborted: ["Cancelled", "Nothing more was sent. The job may still finish on the server: Resume is in the history."],
  internal_error: ["Something broke inside the page's video library", "It has restarted. Check the history before trying again: the job may have been created."],
};

/** Shows error `e` in words (`words`: [title, advice], else by its code), and moves focus to it. */
export function showFailure(e, words = ADVICE[e?.code]) {
  const [title, advice] = words ?? ["Something went wrong", "Try again."];
  $("failure-title").textContent = title;
  $("failure-advice").textContent = advice;
  $("failure-code").textContent = e?.code ?? "error";
  $("failure-message").textContent = e?.message ?? String(e);
  $("failure").hidden = false;
  // Focus follows the news: Cancel, which was just pressed, is gone, and the page must not drop
  // the keyboard user back at the top.
  $("failure").focus();
}
export function hideFailure() {
  $("failure").hidden = true;
}
export function setUpFailure() {
  $("failure-hide").addEventListener("click", () => {
    hideFailure();
    $("generate").focus();
  });
}
