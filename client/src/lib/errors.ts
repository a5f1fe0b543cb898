import type { CombinedError } from "@urql/svelte";

/** A GraphQL error as the contract describes it: a code, a message, and for BAD_USER_INPUT the argument. */
export interface ApiError {
  code: string;
  message: string;
  /** The input field a BAD_USER_INPUT names (e.g. "input.name"), when it names one. */
  field?: string;
  currentVersion?: number;
  /** Why LLM_UNAVAILABLE: TIMEOUT, UNREACHABLE, UNAUTHORIZED, QUOTA, INVALID_OUTPUT, ENDPOINT_ERROR (the message says it). */
  reason?: string;
}

export function apiErrors(error: CombinedError | undefined): ApiError[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0)
    return [{ code: "NETWORK", message: "The server cannot be reached. Check the connection and try again." }];
  return error.graphQLErrors.map((e) => {
    const ext = e.extensions as { code?: string; argument?: string; currentVersion?: number; reason?: string };
    return {
      code: ext.code ?? "INTERNAL_SERVER_ERROR",
      message: e.message,
      field: ext.argument,
      currentVersion: ext.currentVersion,
      reason: ext.reason,
    };
  });
}
