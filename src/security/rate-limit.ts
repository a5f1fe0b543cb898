import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  OperationTypeNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { Plugin, YogaLogger } from "graphql-yoga";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitConfig } from "../config.js";
import { ErrorCode, rateLimited } from "../errors.js";
import { toGraphQLError } from "../schema/errors.js";
import { schema } from "../schema/index.js";
import { modelBackedMutations } from "../schema/model-backed.js";

/**
 * The mutations that call a language model, or queue work that does, as the schema marks them
 * (`extensions: MODEL_BACKED`, src/schema/model-backed.ts), read once at start; each top-level one
 * in an operation costs one point.
 */
export const MODEL_BACKED_MUTATIONS = modelBackedMutations(schema);

/** The budget used when the context names no workspace (the single local workspace). */
export const LOCAL_RATE_LIMIT_KEY = "local";

/** Whose budget an operation spends: the caller's workspace. */
export function rateLimitKey(context: { readonly workspaceId?: string }): string {
  return context.workspaceId ?? LOCAL_RATE_LIMIT_KEY;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A fixed-window budget per key, in memory or shared through Redis. */
export interface RateLimiter {
  /** Takes `points` from the key's budget for the current window, or says how long until it refills. */
  consume(key: string, points: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

type Limiter = RateLimiterMemory | RateLimiterRedis;

interface Hooks {
  /** Awaited before each request to the store. */
  ready?: () => Promise<void>;
  close?: () => Promise<void>;
}

function wrap(limiter: Limiter, keyPrefix: string, { ready, close = async () => {} }: Hooks = {}): RateLimiter {
  return {
    async consume(key, points) {
      await ready?.();
      const stored = `${keyPrefix}${key}`;
      try {
        await limiter.consume(stored, points);
        return { allowed: true };
      } catch (rejection) {
        // The library rejects with its result when the budget is spent, with an Error otherwise.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // A refused operation runs nothing, so it spends nothing: give its points back (unless the
        // window is about to end, when the refund could land in the next one).
        if (rejection.msBeforeNext > 100) await limiter.reward(stored, points).catch(() => {});
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
    close,
  };
}

/**
 * The model-request limiter from config: undefined when the limit is 0 (off); in memory without
 * REDIS_URL; otherwise one budget in Redis for every instance. While Redis is unreachable each
 * instance falls back to its own in-memory budget of the same size (logged once per outage), so
 * requests are neither refused nor let through unlimited.
 */
export function createRateLimiter(
  config: RateLimitConfig,
  { redisUrl, logger }: { redisUrl?: string; logger: Pick<YogaLogger, "warn" | "info"> },
): RateLimiter | undefined {
  if (config.modelRequests <= 0) return undefined;
  const window = { points: config.modelRequests, duration: config.windowSeconds, keyPrefix: "" };
  const memory = new RateLimiterMemory(window);
  if (!redisUrl) return wrap(memory, config.keyPrefix);

  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let down = false;
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`rate limits: Redis is unavailable (${error.message}); each instance keeps its own budget until it is back`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info("rate limits: Redis is back; the budget is shared again");
  });
  // Requests that arrive while the first connection is being made wait for it (at most 2 s), so
  // an instance that has just started counts in Redis too; later, a lost connection means the
  // in-memory fallback at once rather than requests queued behind reconnection attempts.
  const connected = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    timer.unref();
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const shared = new RateLimiterRedis({
    ...window,
    storeClient: client,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
  return wrap(shared, config.keyPrefix, {
    ready: () => connected,
    close: async () => {
      if (client.status === "ready") await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  });
}

/** `@skip(if: true)` or `@include(if: false)`, with literal or variable arguments. */
function skipped(node: SelectionNode, variables: Record<string, unknown>): boolean {
  return (node.directives ?? []).some((directive) => {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") return false;
    const arg = directive.arguments?.find((a) => a.name.value === "if")?.value;
    const value = arg?.kind === Kind.BOOLEAN ? arg.value : arg?.kind === Kind.VARIABLE ? variables[arg.name.value] : undefined;
    return name === "skip" ? value === true : value === false;
  });
}

/**
 * How many model-backed fields the operation runs at its root: one per response key (aliases
 * count separately), through fragments, leaving out fields that @skip/@include rule out.
 */
export function modelBackedFieldCount(
  document: DocumentNode,
  operationName?: string | null,
  variableValues?: Record<string, unknown> | null,
): number {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== OperationTypeNode.MUTATION) return 0;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const value = definition.defaultValue;
    if (value?.kind === Kind.BOOLEAN) variables[definition.variable.name.value] = value.value;
  }
  Object.assign(variables, variableValues);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const keys = new Set<string>();
  const visited = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (skipped(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        if (MODEL_BACKED_MUTATIONS.has(selection.name.value)) keys.add((selection.alias ?? selection.name).value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return keys.size;
}

/**
 * Spends one point of the caller's workspace budget per model-backed root mutation field before
 * execution starts; an operation over budget is refused whole, so no resolver runs, no model is
 * called and nothing is written. Queries, subscriptions and other mutations are not counted.
 * Over HTTP the refusal is a 429 with Retry-After; over graphql-ws it is the same GraphQL error.
 */
export function useModelRateLimit(limiter: RateLimiter): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const points = modelBackedFieldCount(args.document, args.operationName, args.variableValues);
      if (points === 0) return;
      const decision = await limiter.consume(rateLimitKey(args.contextValue as { workspaceId?: string }), points);
      if (!decision.allowed) setResultAndStopExecution({ errors: [toGraphQLError(rateLimited(decision.retryAfterSeconds))] });
    },
    // HTTP only (graphql-ws does not pass through here). Yoga takes the response's status and
    // headers from the result's `extensions.http` and leaves that key out of the body.
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      const refused = result.errors?.find((e) => e.extensions?.code === ErrorCode.RATE_LIMITED);
      if (!refused) return;
      const retryAfter = String(refused.extensions.retryAfterSeconds);
      setResult({
        ...result,
        extensions: { ...result.extensions, http: { status: 429, headers: { "Retry-After": retryAfter } } },
      });
    },
  };
}
