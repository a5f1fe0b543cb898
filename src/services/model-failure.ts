import { randomUUID } from "node:crypto";
import { LlmUnavailableError } from "../ai/errors.js";
import { llmUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";

/**
 * For `.catch` on a model call made for a request: a model that failed (or kept answering
 * unusably) becomes the contract's LLM_UNAVAILABLE with the reason and its message, and a request
 * id under which the log keeps what went wrong (the cause: host, status, the endpoint's words);
 * any other error passes through unchanged.
 */
export const asLlmUnavailable =
  (logger: Logger, operation: string) =>
  (error: unknown): never => {
    if (!(error instanceof LlmUnavailableError)) throw error;
    const requestId = randomUUID();
    logger.warn(`request ${requestId}: ${operation}: ${error.reason}: ${causeChain(error)}`, { attempts: error.attempts });
    throw llmUnavailable(requestId, error.reason, error.message);
  };

/**
 * An error and its causes, for the log only: "The model endpoint refused the connection… ←
 * Connection error. ← fetch failed ← connect ECONNREFUSED 127.0.0.1:9".
 */
export function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++)
    messages.push(e instanceof Error ? e.message.trim() : String(e));
  return messages.join(" ← ");
}
