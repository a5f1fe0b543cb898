import { createLogger } from "graphql-yoga";
import { createMediaMaker, type MediaMaker } from "./ai/media-maker.js";
import { type ChatModel, createChatModel } from "./ai/models.js";
import type { AuthMode } from "./auth/caller.js";
import { accountsConfigured } from "./auth/tokens.js";
import { type Config, ConfigError } from "./config.js";
import { type Db, openDatabase } from "./db/client.js";
import { createEventBus, type PubSub } from "./events/pubsub.js";
import { createGraphQLServer } from "./http/graphql-server.js";
import { attachGraphQLWs } from "./http/graphql-ws.js";
import { createHttpServer, listen } from "./http/http-server.js";
import { router } from "./http/router.js";
import { startContentWorker } from "./jobs/content-worker.js";
import { type JobQueue, type JobQueueOptions, openJobQueue } from "./jobs/job-queue.js";
import { startTriggerWorker } from "./jobs/trigger-worker.js";
import type { Logger } from "./logger.js";
import { createMediaStore } from "./media/media-store.js";
import { localChannel } from "./publishing/local-channel.js";
import { isLoopbackHostHeader } from "./security/host-check.js";
import { createRateLimiter } from "./security/rate-limit.js";
import type { ContentJobs, Services } from "./services/services.js";

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
      await startWorkers(jobs, services);
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
export type AppServices = Services & { jobs: JobQueue };

/** What the services are made of once the database, queue and event bus are open. */
export interface ServiceParts<Jobs extends ContentJobs> {
  db: Db;
  jobs: Jobs;
  events: PubSub;
  logger: Logger;
  llm: ChatModel;
  media: MediaMaker;
  mediaDir: string;
}

/** What every use case is given: the one place the services are put together (tests use it too). */
export function createServices<Jobs extends ContentJobs>({ mediaDir, ...parts }: ServiceParts<Jobs>): Services & { jobs: Jobs } {
  return { ...parts, mediaStore: createMediaStore(mediaDir), publisher: localChannel };
}

/** Starts the background workers on the queue: content generation and metric triggers. */
export async function startWorkers(jobs: JobQueue, services: Services): Promise<void> {
  await startContentWorker(jobs, services);
  await startTriggerWorker(jobs, services);
}

/** Opens the database, the event bus and the job queue, and the models the config names. */
async function openServices(config: Config, overrides: AppOverrides): Promise<{ services: AppServices; bus: EventBus }> {
  const logger = createLogger(config.logLevel === "silent" ? "error" : config.logLevel);
  const { db, raw } = await openDatabase(config.database, {}, logger);
  const bus = createEventBus(config.redisUrl, logger);
  const jobs = await openJobQueue(raw, { ...overrides.jobs, logger }).catch(async (error) => {
    await Promise.all([bus.close(), db.$disconnect()]);
    throw error;
  });
  const services = createServices({
    db,
    jobs,
    events: bus.pubsub,
    logger,
    llm: overrides.llm ?? createChatModel(config.llm),
    media: overrides.media ?? createMediaMaker(config.llm),
    mediaDir: config.mediaDir,
  });
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

/** Whether the address only accepts connections from this machine. */
function isLoopback(host: string) {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
