import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Config, ConfigError } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * The HTTP server, keeping the requests being answered apart from event streams (they last as
 * long as their client stays): a stopping server lets these finish, for up to the grace period.
 */
export function createHttpServer(logger: Logger, handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>) {
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
export function listen(server: Server, config: Config): Promise<string> {
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
