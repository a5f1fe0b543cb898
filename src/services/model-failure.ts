import { randomUUID } from "node:crypto";
import type { YogaLogger } from "graphql-yoga";
import { LlmUnavailableError } from "../ai/errors.js";
import { llmUnavailable } from "../errors.js";

/**
 * For `.catch` on a model call made for a request: a model that failed (or kept answering
 * unusably) becomes the contract's LLM_UNAVAILABLE, with a request id under which the log keeps
 * what went wrong; any other error passes through unchanged.
 */
export const asLlmUnavailable =
  (logger: YogaLogger, operation: string) =>
  (error: unknown): never => {
    if (!(error instanceof LlmUnavailableError)) throw error;
    const requestId = randomUUID();
    logger.warn(`request ${requestId}: ${operation}: ${error.message}`, { attempts: error.attempts });
    throw llmUnavailable(requestId);
  };
