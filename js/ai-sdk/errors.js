// The package's rejections in the AI SDK's terms: an HTTP or network failure is an APICallError,
// which the SDK retries only when `isRetryable`; an abort stays the AbortError the SDK expects; the
// rest (bad options, a failed generation, the deadline) stay the package's own coded Errors, with
// their own `clientRequestId`.
import { APICallError } from "@ai-sdk/provider";

/** `e` as the SDK should see it. */
export function sdkError(e, t, modelId) {
  if (e?.name === "AbortError" || !(e?.code === "network_error" || typeof e?.status === "number")) return e;
  return new APICallError({
    message: e.message,
    url: t.url(),
    requestBodyValues: { model: modelId },
    statusCode: e.status,
    responseHeaders: e.status === undefined ? undefined : t.headers(),
    // The package's `retryable` already means what the SDK's retry needs: calling again may help,
    // and cannot pay twice (false on every error once a submit may have created the job). It is
    // taken as it is, not second-guessed by call: a refused (429) submit is as free to retry here
    // as it is for any other wrapper. See "Trying again: two words" in docs/ARCHITECTURE.md.
    isRetryable: e.retryable === true,
    cause: e,
    // clientRequestId: the submit's, on every error once it went out; by it the usage logs find a
    // job whose answer was lost.
    data: { code: e.code, generationId: e.generationId, submittedAt: e.submittedAt, requestId: e.requestId, clientRequestId: e.clientRequestId },
  });
}
