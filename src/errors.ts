import { GraphQLError } from "graphql";

/** The error codes of the public contract (../shared/contract.graphql). */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  VERSION_CONFLICT: "VERSION_CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  LLM_UNAVAILABLE: "LLM_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An invalid argument; the message names the argument and the rule. */
export const badUserInput = (argument: string, rule: string) =>
  new GraphQLError(`${argument}: ${rule}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument } });

/** Unknown id, or one the caller may not see (the message never says which). */
export const notFound = (what: string, id: string) =>
  new GraphQLError(`${what} ${JSON.stringify(id)} was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });

export const internalError = (requestId: string) =>
  new GraphQLError("Unexpected error; the server log has the details under this request id.", {
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
  });

/**
 * The model failed or gave no usable answer after its retries; nothing was changed. `reason` says
 * why (TIMEOUT, UNREACHABLE, UNAUTHORIZED, QUOTA, INVALID_OUTPUT, ENDPOINT_ERROR) and `detail`
 * says it to a person, with the setting to check.
 */
export const llmUnavailable = (requestId: string, reason: string, detail: string) =>
  new GraphQLError(`${detail} Nothing was changed.`, {
    extensions: { code: ErrorCode.LLM_UNAVAILABLE, reason, requestId },
  });

/** expectedVersion did not match, or a concurrent change won; nothing was changed. */
export const versionConflict = (currentVersion: number, detail = "the campaign is at another version") =>
  new GraphQLError(`Version conflict: ${detail} (current version ${currentVersion}); nothing was changed.`, {
    extensions: { code: ErrorCode.VERSION_CONFLICT, currentVersion },
  });

/** The workspace spent its budget of model-backed requests for the window; nothing was run. */
export const rateLimited = (retryAfterSeconds: number) =>
  new GraphQLError(`Too many model-backed requests for this workspace; nothing was run. Try again in ${retryAfterSeconds} s.`, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds },
  });
