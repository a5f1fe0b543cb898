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

/**
 * A failure the caller can act on, the same whichever transport carries it: the contract's code,
 * what went wrong, the input field it concerns (its path inside the operation's input, e.g.
 * "phaseNum" or "fromPostIds[1]") and details a client can use (currentVersion, retryAfterSeconds…).
 * Each transport names the field its own way — GraphQL `input.phaseNum`, the legacy route
 * `phase_num` — through `describe`, and turns the error into its own kind in one place
 * (src/schema/errors.ts, src/http/legacy-api.ts).
 */
export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    detail: string,
    { field, details = {} }: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.code = code;
    this.field = field;
    this.details = details;
  }

  /** The message for a person, with the field named as `nameOf` names it. */
  describe(nameOf: (field: string) => string = (field) => field): string {
    const field = this.field === undefined ? undefined : nameOf(this.field);
    switch (this.code) {
      case ErrorCode.BAD_USER_INPUT:
        return field ? `${field}: ${this.message}` : this.message;
      case ErrorCode.VERSION_CONFLICT:
        return `Version conflict: ${field ? `${field} ` : ""}${this.message} (current version ${this.details.currentVersion}); nothing was changed.`;
      default:
        return this.message;
    }
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** An invalid input field; the message names the field and the rule. */
export const badUserInput = (field: string, rule: string) => new AppError(ErrorCode.BAD_USER_INPUT, rule, { field });

/** Unknown id, or one the caller may not see (the message never says which). */
export const notFound = (what: string, id: string) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} ${JSON.stringify(id)} was not found.`);

/** No token where one is required, or one that is unknown or revoked. */
export const unauthenticated = (detail: string) => new AppError(ErrorCode.UNAUTHENTICATED, detail);

export const internalError = (requestId: string) =>
  new AppError(ErrorCode.INTERNAL_SERVER_ERROR, "Unexpected error; the server log has the details under this request id.", {
    details: { requestId },
  });

/**
 * The model failed or gave no usable answer after its retries; nothing was changed. `reason` says
 * why (TIMEOUT, UNREACHABLE, UNAUTHORIZED, QUOTA, INVALID_OUTPUT, ENDPOINT_ERROR) and `detail`
 * says it to a person, with the setting to check.
 */
export const llmUnavailable = (requestId: string, reason: string, detail: string) =>
  new AppError(ErrorCode.LLM_UNAVAILABLE, `${detail} Nothing was changed.`, { details: { reason, requestId } });

/**
 * A concurrent change won, or the caller's expected version is not the current one (`field` is
 * then the input field that held it); nothing was changed.
 */
export const versionConflict = (currentVersion: number, detail = "the campaign is at another version", field?: string) =>
  new AppError(ErrorCode.VERSION_CONFLICT, detail, { ...(field ? { field } : {}), details: { currentVersion } });

/** VERSION_CONFLICT unless the caller's expected version (if it gave one) is the current one. */
export function assertExpectedVersion(expectedVersion: number | null | undefined, currentVersion: number) {
  if (expectedVersion != null && expectedVersion !== currentVersion)
    throw versionConflict(currentVersion, `is ${expectedVersion}`, "expectedVersion");
}

/** The workspace spent its budget of model-backed requests for the window; nothing was run. */
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(
    ErrorCode.RATE_LIMITED,
    `Too many model-backed requests for this workspace; nothing was run. Try again in ${retryAfterSeconds} s.`,
    { details: { retryAfterSeconds } },
  );

/** A subscription more than `max` events behind was ended; it resumes after `last`. */
export const tooFarBehind = (max: number, last: number) =>
  new AppError(
    ErrorCode.RATE_LIMITED,
    `This subscription fell more than ${max} events behind and was ended; subscribe again with afterSequence: ${last} to resume.`,
    { details: { retryAfterSeconds: 1, resumeAfterSequence: last } },
  );
