import { randomUUID } from "node:crypto";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { GraphQLError } from "graphql";
import { createYoga, type Plugin, type YogaLogger } from "graphql-yoga";
import { type AuthMode, callerWorkspace } from "../auth/caller.js";
import { ErrorCode, internalError, isAppError } from "../errors.js";
import { campaignReadCache } from "../plugins/read-cache.js";
import { sharedEventExecution } from "../plugins/shared-event-execution.js";
import type { Context } from "../schema/context.js";
import { isGraphQLError, toGraphQLError } from "../schema/errors.js";
import { schema } from "../schema/index.js";
import { closeConnectionAfterCutOffBody } from "../security/body-limit.js";
import { CSRF_HEADER, corsFor, csrfPrevention, varyOnOrigin } from "../security/csrf.js";
import { GRAPHQL_LIMITS, type GraphQLLimits, graphqlLimits, productionHardening } from "../security/limits.js";
import { refuseNulCharacters } from "../security/nul-guard.js";
import { type RateLimiter, useModelRateLimit } from "../security/rate-limit.js";
import type { Services } from "../services/services.js";

export interface GraphQLServerOptions extends Services {
  /** GraphiQL on /graphql (a browser's GET); never in production. */
  graphiql?: boolean;
  /** Production: no introspection, no GraphiQL, no "Did you mean …" suggestions. */
  production?: boolean;
  /** Origins a page on another site may call from (CORS_ORIGINS); default: none, same-origin only. */
  corsOrigins?: readonly string[];
  /** Largest request body in bytes (MAX_BODY_BYTES, default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Depth, aliases, tokens, directives and cost per operation (default: GRAPHQL_LIMITS). */
  limits?: GraphQLLimits;
  /** Budgets for the model-backed mutations (RATE_LIMIT_*); none: unlimited. */
  rateLimiter?: RateLimiter;
  /** "local": requests without a token act in the local workspace; "tokens": a token is required. */
  authMode?: AuthMode;
  /** Memory for answers to repeated campaign reads (READ_CACHE_MB), in bytes of JSON; 0: off. */
  readCacheBytes?: number;
}

const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode));

/** GraphQL's and Yoga's own rejections (parse, validation, variable coercion) are bad input. */
function asBadUserInput(error: GraphQLError): GraphQLError {
  const reason = error.extensions.code;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT, ...(reason ? { reason } : {}) },
  });
}

/** Validation errors do not pass through maskError; give them the contract's code here. */
const validationErrorsAsBadInput: Plugin = {
  onValidate:
    () =>
    ({ result, setResult }) => {
      if (result.length) setResult(result.map((e) => asBadUserInput(e)));
    },
};

/**
 * Expected failures keep their contract code. GraphQL's own argument errors (wrong type, value out
 * of Int range, unknown argument) are the caller's bad input and get BAD_USER_INPUT. Anything else
 * is masked: the client sees INTERNAL_SERVER_ERROR with a request id, the log has the real error.
 */
function maskError(logger: YogaLogger, handled: WeakSet<object>) {
  return (error: unknown): Error => {
    if (error instanceof Object) handled.add(error);
    // A service's refusal, where it was raised.
    if (isAppError(error)) return toGraphQLError(error);
    if (isGraphQLError(error) && isAppError(error.originalError)) return toGraphQLError(error.originalError, error);
    // A GraphQLError that is not wrapping an exception was raised on purpose (by us or by GraphQL).
    if (isGraphQLError(error) && (!error.originalError || isGraphQLError(error.originalError))) {
      return CONTRACT_CODES.has(String(error.extensions.code)) ? error : asBadUserInput(error);
    }
    const requestId = randomUUID();
    logger.error(`request ${requestId}:`, isGraphQLError(error) ? error.originalError : error);
    return toGraphQLError(internalError(requestId), isGraphQLError(error) ? { path: error.path } : undefined);
  };
}

export function createGraphQLServer({
  graphiql = true,
  authMode = "local",
  rateLimiter,
  production = false,
  corsOrigins = [],
  maxBodyBytes = 1024 * 1024,
  limits = GRAPHQL_LIMITS,
  readCacheBytes = 64 * 1024 * 1024,
  ...services
}: GraphQLServerOptions) {
  const { logger } = services;
  // Yoga logs every error it masks or rewrites; maskError has already logged the unexpected ones
  // (with their request id) and bad input is not a server error, so those are not logged twice.
  const handled = new WeakSet<object>();
  const yogaLogger: YogaLogger = {
    ...logger,
    error: (...args) => {
      if (!(args.length === 1 && args[0] instanceof Object && handled.has(args[0]))) logger.error(...args);
    },
  };
  return createYoga<Record<string, unknown>, Context>({
    schema,
    logging: yogaLogger,
    // GraphiQL's assets are inlined from the package (Yoga's default loads them from a CDN).
    // It sends the CSRF header on every request, including the GET that streams a subscription.
    graphiql: graphiql && !production && { title: "Phasewise GraphiQL", additionalHeaders: { [CSRF_HEADER]: "1" } },
    renderGraphiQL,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // Only CORS_ORIGINS get Access-Control-Allow-Origin (Yoga's default would reflect any origin).
    cors: corsFor(corsOrigins),
    maxRequestBodySize: maxBodyBytes,
    batching: false, // a JSON array body is refused (400)
    // Masking stays on in every environment (Yoga would add stacks in NODE_ENV=development).
    maskedErrors: { maskError: maskError(logger, handled), isDev: false },
    // Who is asking: the token in the Authorization header (HTTP and SSE) or in graphql-ws's
    // connection_init payload (browsers cannot set headers on a WebSocket).
    context: async ({ request, connectionParams }: { request?: Request; connectionParams?: Record<string, unknown> }) => {
      const fromSocket = connectionParams?.authorization;
      const authorization = request?.headers.get("authorization") ?? (typeof fromSocket === "string" ? fromSocket : undefined);
      const context: Context = { ...services, workspaceId: await callerWorkspace(services.db, authMode, authorization) };
      return context;
    },
    plugins: [
      // Before validationErrorsAsBadInput, so it rewrites GraphQL's own validation errors.
      ...(production ? productionHardening() : []),
      csrfPrevention(),
      ...(corsOrigins.length ? [varyOnOrigin()] : []),
      graphqlLimits(limits),
      validationErrorsAsBadInput,
      // Before the model budget: a refused request spends none of it.
      refuseNulCharacters,
      ...(rateLimiter ? [useModelRateLimit(rateLimiter)] : []),
      campaignReadCache(services.db, { maxBytes: readCacheBytes }),
      sharedEventExecution,
      closeConnectionAfterCutOffBody,
    ],
  });
}
