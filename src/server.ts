import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "graphql-yoga";
import { createMediaMaker, type MediaMaker } from "./ai/media-maker.js";
import { type ChatModel, createChatModel } from "./ai/models.js";
import type { AuthMode } from "./auth/caller.js";
import { accountsConfigured } from "./auth/tokens.js";
import { isClientPath, serveClient } from "./client-route.js";
import { type Config, ConfigError } from "./config.js";
import { type Db, openDatabase } from "./db/client.js";
import { createEventBus, type PubSub } from "./events/pubsub.js";
import { createGraphQLServer } from "./graphql-server.js";
import { attachGraphQLWs } from "./graphql-ws.js";
import { startContentWorker } from "./jobs/content-worker.js";
import { type JobQueue, type JobQueueOptions, openJobQueue } from "./jobs/job-queue.js";
import { startTriggerWorker } from "./jobs/trigger-worker.js";
import { handleLegacyApi, isLegacyApiPath } from "./legacy-api.js";
import type { Logger } from "./logger.js";
import { MEDIA_PREFIX, serveMedia } from "./media/media-route.js";
import { createMediaStore } from "./media/media-store.js";
import { localChannel } from "./publishing/local-channel.js";
import { HOST_REFUSED_MESSAGE, isLoopbackHostHeader } from "./security/host-check.js";
import { createRateLimiter, type RateLimiter } from "./security/rate-limit.js";
import type { Services } from "./services/services.js";

export interface App {
  /** Listens on config.host:config.port; resolves to the URL it serves. */
  start(): Promise<string>;
  /** Closes connections and the database. Safe to call more than once. */
  stop(): Promise<void>;
  readonly db: Db;
  readonly jobs: JobQueue;
  /** "local": one local workspace, no token needed (loopback only); "tokens": every request needs a token. */
  readonly authMode: AuthMode;
  /** Where committed events are published (tests and benchmarks listen here). */
  readonly events: PubSub;
}

/** What tests may replace: the models (a slow or failing one) and the queue's timings. */
export interface AppOverrides {
  llm?: ChatModel;
  media?: MediaMaker;
  jobs?: JobQueueOptions;
}

/**
 * Builds the whole service from one config: database, job queue and content workers, GraphQL at
 * /graphql (HTTP, SSE and graphql-ws), media at /media/, the canvas at /.
 */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const { services, bus } = await openServices(config, overrides);
  const { db, jobs, logger } = services;
  const authMode = await requireSafeAuthMode(config, services, bus);
  const rateLimiter = createRateLimiter(config.rateLimit, { redisUrl: config.redisUrl, logger });
  const { corsOrigins, maxBodyBytes } = config.guards;
  const yoga = createGraphQLServer({
    ...services,
    authMode,
    rateLimiter,
    production: config.production,
    corsOrigins,
    maxBodyBytes,
    readCacheBytes: config.readCacheBytes,
  });
  const acceptsHost = authMode === "local" ? isLoopbackHostHeader : () => true;
  const http = createHttpServer(logger, router({ config, services, yoga, authMode, rateLimiter, acceptsHost }));
  const websockets = attachGraphQLWs(http.server, yoga, {
    maxPayloadBytes: maxBodyBytes,
    connectionInitWaitTimeoutMs: config.guards.wsInitTimeoutMs,
    keepAliveMs: config.guards.wsKeepAliveMs,
    maxBufferedBytes: config.guards.wsMaxBufferedBytes,
    stallTimeoutMs: config.guards.wsStallTimeoutMs,
    corsOrigins,
    acceptsHost,
  });

  let stopping: Promise<void> | undefined;
  return {
    db,
    jobs,
    authMode,
    events: bus.pubsub,
    start: async () => {
      await startContentWorker(jobs, services);
      await startTriggerWorker(jobs, services);
      return listen(http.server, config);
    },
    // Stop taking connections and complete subscriptions; within the grace period, let requests in
    // flight be answered (each then closes its connection) and running jobs finish — jobs still
    // running after it are handed back to the queue; then close the event bus and the database.
    stop: () => {
      stopping ??= (async () => {
        const answered = http.stopTakingConnections();
        await websockets.close();
        await Promise.all([answered(config.shutdownGraceMs), jobs.stop(config.shutdownGraceMs)]);
        await Promise.all([bus.close(), rateLimiter?.close()]);
        await db.$disconnect();
      })();
      return stopping;
    },
  };
}

type EventBus = ReturnType<typeof createEventBus>;
/** The services with the queue itself, which the app starts workers on and stops. */
type AppServices = Services & { jobs: JobQueue };

/** The database, the event bus, the job queue and the models: what every use case is given. */
async function openServices(config: Config, overrides: AppOverrides): Promise<{ services: AppServices; bus: EventBus }> {
  const logger = createLogger(config.logLevel === "silent" ? "error" : config.logLevel);
  const { db, raw } = await openDatabase(config.database);
  const bus = createEventBus(config.redisUrl, logger);
  const jobs = await openJobQueue(raw, { ...overrides.jobs, logger }).catch(async (error) => {
    await Promise.all([bus.close(), db.$disconnect()]);
    throw error;
  });
  const services = {
    db,
    logger,
    llm: overrides.llm ?? createChatModel(config.llm),
    events: bus.pubsub,
    jobs,
    media: overrides.media ?? createMediaMaker(config.llm),
    mediaStore: createMediaStore(config.mediaDir),
    publisher: localChannel,
  };
  return { services, bus };
}

/**
 * "tokens" once an account exists, else "local" — which only a loopback address may serve: on any
 * other, everything opened is closed again and a ConfigError says what to do.
 */
async function requireSafeAuthMode(config: Config, { db, jobs }: AppServices, bus: EventBus): Promise<AuthMode> {
  const authMode: AuthMode = (await accountsConfigured(db)) ? "tokens" : "local";
  if (authMode === "local" && !isLoopback(config.host)) {
    await jobs.stop(1_000);
    await Promise.all([bus.close(), db.$disconnect()]);
    throw new ConfigError(
      `HOST=${config.host} would expose Phasewise beyond this machine with no accounts: create an API token first (npm run token -- create --name <you>), or bind to 127.0.0.1.`,
    );
  }
  return authMode;
}

interface Routes {
  config: Config;
  services: Services;
  yoga: ReturnType<typeof createGraphQLServer>;
  authMode: AuthMode;
  rateLimiter: RateLimiter | undefined;
  acceptsHost: (host: string | undefined) => boolean;
}

/** Answers one HTTP request: a refused Host header, then GraphQL, the legacy route, media, the canvas, else 404. */
function router({ config, services, yoga, authMode, rateLimiter, acceptsHost }: Routes) {
  const { maxBodyBytes } = config.guards;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!acceptsHost(req.headers.host)) {
      if (isLegacyApiPath(path)) {
        res.writeHead(403, { "content-type": "application/json; charset=utf-8" });
        return void res.end(JSON.stringify({ success: false, message: HOST_REFUSED_MESSAGE }));
      }
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      return void res.end(`${HOST_REFUSED_MESSAGE}\n`);
    }
    if (path === "/graphql") return yoga(req, res);
    if (isLegacyApiPath(path)) return handleLegacyApi(services, { authMode, rateLimiter, maxBodyBytes }, path, req, res);
    if (path.startsWith(MEDIA_PREFIX)) return serveMedia(config.mediaDir, path, req, res);
    if (isClientPath(path) && (req.method === "GET" || req.method === "HEAD")) return serveClient(path, req, res);
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
  };
}

/**
 * The HTTP server, keeping the requests being answered apart from event streams (they last as
 * long as their client stays): a stopping server lets these finish, for up to the grace period.
 */
function createHttpServer(logger: Logger, handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>) {
  const answering = new Set<ServerResponse>();
  let draining = false;
  const server = createServer((req, res) => {
    if (draining) res.setHeader("connection", "close");
    if (!(req.headers.accept ?? "").includes("text/event-stream")) {
      answering.add(res);
      res.once("close", () => answering.delete(res));
    }
    handle(req, res).catch((error) => {
      logger.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return {
    server,
    /**
     * Stops taking connections and asks each request in flight to close its connection once
     * answered. The function returned waits for those answers, for up to `graceMs` from when it
     * is called, then closes every connection.
     */
    stopTakingConnections() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      draining = true;
      for (const res of answering) if (!res.headersSent) res.setHeader("connection", "close");
      return async (graceMs: number) => {
        const end = Date.now() + graceMs;
        while (answering.size > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
        server.closeAllConnections();
        await closed;
      };
    },
  };
}

/** Listens on config.host:config.port; resolves to the URL served, or rejects saying which port is taken. */
function listen(server: Server, config: Config): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`Port ${config.port} on ${config.host} is already in use: stop the other process or set PORT.`)
          : error,
      ),
    );
    server.listen(config.port, config.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(":") ? `[${config.host}]` : config.host;
      resolve(`http://${host}:${port}`);
    });
  });
}

/** Whether the address only accepts connections from this machine. */
function isLoopback(host: string) {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
