import type { IncomingMessage, Server } from "node:http";
import type { DocumentNode, ExecutionArgs, GraphQLError } from "graphql";
import type { ConnectionInitMessage, ServerOptions } from "graphql-ws";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { createGraphQLError, type YogaServerInstance } from "graphql-yoga";
import { WebSocketServer } from "ws";
import { ErrorCode, isAppError } from "../errors.js";
import { isGraphQLError, toGraphQLError } from "../schema/errors.js";
import { isAllowedWebSocketOrigin } from "../security/csrf.js";
import { watchUnread } from "./ws-unread-window.js";

export interface GraphQLWsGuards {
  /** Largest message in bytes; a larger one closes the socket (1009). Default 1 MiB. */
  maxPayloadBytes?: number;
  /** A socket that sends no connection_init within this is closed with 4408. Default 3 s. */
  connectionInitWaitTimeoutMs?: number;
  /** The server pings this often and drops a socket that has not answered by the next ping; 0: off. Default 12 s. */
  keepAliveMs?: number;
  /** Origins of other sites whose pages may open a socket (CORS_ORIGINS); the API's own origin always may. */
  corsOrigins?: readonly string[];
  /**
   * A client that does not read: once this many bytes sent to it are unread (see watchUnread), it
   * is closed with 1013 instead of holding an ever-growing backlog. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** A client closed for not reading that still has not read by then is cut off. Default 10 s. */
  stallTimeoutMs?: number;
  /** Host headers this server answers (see isLoopbackHostHeader); default: any. */
  acceptsHost?: (host: string | undefined) => boolean;
}

/**
 * An error for one operation, rebuilt with Yoga's GraphQLError: it may come from the other build of
 * graphql (ESM/CommonJS), and graphql-ws answers only its own with an error message (anything
 * else closes the socket with 4500). Errors without a contract code are the caller's bad input.
 */
const operationError = (error: GraphQLError) =>
  createGraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    extensions: { ...error.extensions, code: error.extensions.code ?? ErrorCode.BAD_USER_INPUT },
  });

type Enveloped = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/**
 * graphql-ws on the same HTTP server and path as Yoga. Every operation is built through
 * yoga.getEnveloped, so context, error masking and plugins are the same as over HTTP.
 */
export function attachGraphQLWs(
  server: Server,
  // biome-ignore lint/suspicious/noExplicitAny: Yoga's server and user context types are not needed here
  yoga: YogaServerInstance<any, any>,
  {
    maxPayloadBytes = 1024 * 1024,
    connectionInitWaitTimeoutMs = 3_000,
    keepAliveMs = 12_000,
    corsOrigins = [],
    maxBufferedBytes = 4 * 1024 * 1024,
    stallTimeoutMs = 10_000,
    acceptsHost = () => true,
  }: GraphQLWsGuards = {},
) {
  const wss = new WebSocketServer({
    server,
    path: "/graphql",
    maxPayload: maxPayloadBytes,
    // A page on another site gets 403 for the handshake (see isAllowedWebSocketOrigin), and so
    // does a handshake addressed to a Host this server does not answer.
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }, done: (ok: boolean, status?: number) => void) =>
      done(acceptsHost(req.headers.host) && isAllowedWebSocketOrigin(origin, req.headers.host, corsOrigins), 403),
  });
  // Registered before graphql-ws's own listener, so every frame it sends is counted.
  wss.on("connection", (socket) => watchUnread(socket, { maxUnreadBytes: maxBufferedBytes, stallTimeoutMs }));
  const disposable = useServer(
    {
      connectionInitWaitTimeout: connectionInitWaitTimeoutMs,
      // A socket that is closing (it fell behind, or the client left) gets nothing more: failing
      // here ends each of its subscriptions at its next event, rather than running them until the
      // close handshake ends.
      onNext: (ctx) => {
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) throw new Error("the socket is closing");
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: operationFor(yoga),
    },
    wss,
    keepAliveMs,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

type OnSubscribe = NonNullable<ServerOptions<ConnectionInitMessage["payload"], Extra>["onSubscribe"]>;

/**
 * Each operation built through yoga.getEnveloped: its context (an UNAUTHENTICATED error for this
 * operation when the token is missing or bad), its parsed and validated document, and Yoga's
 * execute and subscribe as the root value; an error for this operation instead of a closed socket.
 */
// biome-ignore lint/suspicious/noExplicitAny: Yoga's server and user context types are not needed here
function operationFor(yoga: YogaServerInstance<any, any>): OnSubscribe {
  return async (ctx, _id, payload) => {
    const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      params: payload,
    });
    // No or a bad token: an UNAUTHENTICATED error for this operation, not a closed socket.
    let contextValue: unknown;
    try {
      contextValue = await contextFactory();
    } catch (error) {
      // Yoga has already masked it (src/http/graphql-server.ts): rebuilt here, as the error may come
      // from the other build of graphql (ESM/CommonJS), and graphql-ws accepts only its own.
      if (isGraphQLError(error)) return [createGraphQLError(error.message, { extensions: error.extensions })];
      if (isAppError(error)) return [toGraphQLError(error)];
      throw error;
    }
    // A syntax error or an operation over the token limit is the caller's bad input, answered
    // as an error for this operation (graphql-ws would close the whole socket with 4500).
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      if (isGraphQLError(error)) return [operationError(error)];
      throw error;
    }
    const args = {
      schema,
      operationName: payload.operationName,
      document,
      variableValues: payload.variables,
      contextValue,
      rootValue: { execute, subscribe },
    };
    const errors = validate(args.schema, args.document);
    return errors.length ? errors.map(operationError) : args;
  };
}
