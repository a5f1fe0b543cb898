import { APIConnectionError, APIError } from "openai";

/**
 * Why the model gave no answer: `extensions.reason` of LLM_UNAVAILABLE, and what a content job's
 * `contentError` says. ENDPOINT_ERROR is whatever else the endpoint answered (a 5xx after the
 * retries, an unknown model, a request it refused).
 */
export const LlmFailureReason = {
  TIMEOUT: "TIMEOUT",
  UNREACHABLE: "UNREACHABLE",
  UNAUTHORIZED: "UNAUTHORIZED",
  QUOTA: "QUOTA",
  INVALID_OUTPUT: "INVALID_OUTPUT",
  ENDPOINT_ERROR: "ENDPOINT_ERROR",
} as const;
export type LlmFailureReason = (typeof LlmFailureReason)[keyof typeof LlmFailureReason];

/**
 * The model failed, or kept answering with unusable output. The message is for a person: it says
 * what happened and which setting to check, never a host, a key or the endpoint's own words (the
 * cause, kept for the log, has those); `attempts` says what was wrong with each answer.
 */
export class LlmUnavailableError extends Error {
  constructor(
    readonly reason: LlmFailureReason,
    message: string,
    readonly attempts: string[][],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FailureDescription {
  reason: LlmFailureReason;
  message: string;
}

/** Network error codes (Node's, undici's) of an endpoint that cannot be reached, and what they mean. */
const CONNECTION_FAILURES: [codes: string[], what: string][] = [
  [["ECONNREFUSED"], "refused the connection"],
  [["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"], "has a host name that does not resolve"],
  [["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"], "closed the connection"],
  [["ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"], "is not reachable on the network"],
];

const CHECK_URL = "Check OPENAI_BASE_URL and that the server is running.";

/**
 * Why one request to the model failed, from the error's class, HTTP status and codes only (an
 * endpoint's own message may quote the key). `deadline` is the operation's: when it has fired,
 * the failure is that, whatever the client made of the abort.
 */
export function describeFailure(error: unknown, deadline?: { signal: AbortSignal; ms: number }): FailureDescription {
  if (deadline?.signal.aborted)
    return {
      reason: "TIMEOUT",
      message: `The language model did not finish within ${seconds(deadline.ms)} (LLM_DEADLINE_MS). Try again, or raise LLM_DEADLINE_MS for a slow model.`,
    };
  // @langchain/openai turns the SDK's request timeout into a plain Error named TimeoutError.
  if (error instanceof Error && error.name === "TimeoutError")
    return {
      reason: "TIMEOUT",
      message:
        "The language model did not answer a request in time (LLM_TIMEOUT_MS). Try again, or raise LLM_TIMEOUT_MS for a slow model.",
    };
  const code = networkCode(error);
  const connection = CONNECTION_FAILURES.find(([codes]) => code !== undefined && codes.includes(code));
  if (connection) return { reason: "UNREACHABLE", message: `The model endpoint ${connection[1]}. ${CHECK_URL}` };
  if (error instanceof APIConnectionError)
    return { reason: "UNREACHABLE", message: `The model endpoint could not be reached. ${CHECK_URL}` };
  if (error instanceof APIError && typeof error.status === "number") return httpFailure(error.status, error.code);
  return {
    reason: "ENDPOINT_ERROR",
    message: "The language model request failed; the server log has the details under the request id.",
  };
}

function httpFailure(status: number, code: string | null | undefined): FailureDescription {
  // An error code is an identifier ("insufficient_quota"); anything else is not repeated.
  const http = `HTTP ${status}${code && /^[\w.-]{1,64}$/.test(code) ? `, ${code}` : ""}`;
  if (status === 401)
    return { reason: "UNAUTHORIZED", message: `The model endpoint refused the API key (${http}). Check OPENAI_API_KEY.` };
  if (status === 403)
    return {
      reason: "UNAUTHORIZED",
      message: `The model endpoint denied access (${http}). Check that OPENAI_API_KEY may use LLM_MODEL.`,
    };
  if (status === 402 || code === "insufficient_quota")
    return {
      reason: "QUOTA",
      message: `The model account has no quota left (${http}). Check its plan and billing, then try again.`,
    };
  if (status === 429)
    return { reason: "QUOTA", message: `The model endpoint's rate limit was reached (${http}). Try again in a minute.` };
  if (status === 408) return { reason: "TIMEOUT", message: `The model endpoint timed out (${http}). Try again later.` };
  if (status === 404)
    return {
      reason: "ENDPOINT_ERROR",
      message: `The model endpoint does not know the model or the path (${http}). Check LLM_MODEL and OPENAI_BASE_URL.`,
    };
  if (status >= 500)
    return { reason: "ENDPOINT_ERROR", message: `The model endpoint failed (${http}) after its retries. Try again later.` };
  return {
    reason: "ENDPOINT_ERROR",
    message: `The model endpoint refused the request (${http}). Check that LLM_MODEL supports tool calling.`,
  };
}

/** The first error code (ECONNREFUSED…) along the cause chain: fetch wraps the socket's error. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
  }
  return undefined;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
