import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "graphql-yoga";
import { createChatModel } from "./ai/models.js";
import { type Config, ConfigError } from "./config.js";
import { type Db, openDatabase } from "./db/client.js";
import { createEventBus } from "./events/pubsub.js";
import { createGraphQLServer } from "./graphql-server.js";
import { attachGraphQLWs } from "./graphql-ws.js";
import { handleLegacyRegenerate, LEGACY_REGENERATE_PATH } from "./legacy-api.js";

const clientPage = new URL("../client/index.html", import.meta.url);

export interface App {
  /** Listens on config.host:config.port; resolves to the URL it serves. */
  start(): Promise<string>;
  /** Closes connections and the database. Safe to call more than once. */
  stop(): Promise<void>;
  readonly db: Db;
}

/** Builds the whole service from one config: database, GraphQL at /graphql, the canvas at /. */
export async function buildApp(config: Config): Promise<App> {
  const logger = createLogger(config.logLevel === "silent" ? "error" : config.logLevel);
  const db = await openDatabase(config.database);
  const bus = createEventBus(config.redisUrl);
  const services = { db, logger, llm: createChatModel(config.llm), events: bus.pubsub };
  const yoga = createGraphQLServer(services);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/graphql") return yoga(req, res);
    if (path === LEGACY_REGENERATE_PATH) return handleLegacyRegenerate(services, req, res);
    if ((path === "/" || path === "/index.html") && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(await readFile(clientPage));
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const websockets = attachGraphQLWs(server, yoga);

  let stopping: Promise<void> | undefined;
  return {
    db,
    start: () =>
      new Promise((resolve, reject) => {
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
      }),
    stop: () => {
      stopping ??= (async () => {
        await websockets.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await bus.close();
        await db.$disconnect();
      })();
      return stopping;
    },
  };
}
