import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthMode } from "../auth/caller.js";
import type { Config } from "../config.js";
import { MEDIA_PREFIX } from "../media/media-store.js";
import { HOST_REFUSED_MESSAGE } from "../security/host-check.js";
import type { RateLimiter } from "../security/rate-limit.js";
import type { Services } from "../services/services.js";
import { isClientPath, serveClient } from "./client-route.js";
import type { createGraphQLServer } from "./graphql-server.js";
import { handleLegacyApi, isLegacyApiPath } from "./legacy-api.js";
import { serveMedia } from "./media-route.js";

export interface Routes {
  config: Config;
  services: Services;
  yoga: ReturnType<typeof createGraphQLServer>;
  authMode: AuthMode;
  rateLimiter: RateLimiter | undefined;
  acceptsHost: (host: string | undefined) => boolean;
}

/** Answers one HTTP request: a refused Host header, then GraphQL, the legacy route, media, the canvas, else 404. */
export function router({ config, services, yoga, authMode, rateLimiter, acceptsHost }: Routes) {
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
