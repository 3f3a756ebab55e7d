// The package's rejections in the AI SDK's terms: an HTTP or network failure is an APICallError,
// which the SDK retries only when `isRetryable`; an abort stays the AbortError the SDK expects; the
// rest (bad options, a failed generation, the deadline) stay the package's own coded Errors.
import { APICallError } from "@ai-sdk/provider";

/**
 * `e` as the SDK should see it. `paid`: the call submits a job, so no error of it may invite a
 * retry, which would submit (and pay) again: the package has already retried what was safe.
 */
export function sdkError(e, t, modelId, paid) {
  if (e?.name === "AbortError" || !(e?.code === "network_error" || typeof e?.status === "number")) return e;
  return new APICallError({
    message: e.message,
    url: t.url(),
    requestBodyValues: { model: modelId },
    statusCode: e.status,
    responseHeaders: e.status === undefined ? undefined : t.headers(),
    isRetryable: paid ? false : e.retryable === true,
    cause: e,
    data: { code: e.code, generationId: e.generationId, submittedAt: e.submittedAt, requestId: e.requestId },
  });
}
