import type { IncomingMessage, ServerResponse } from "node:http";
import send from "send";
import { MEDIA_PREFIX } from "../media/media-store.js";

/**
 * Serves GET/HEAD /media/<path> from the media directory with `send` (content type, ETag, ranges;
 * it refuses `..` and dot-files). Images are generated from user text, so they are served with a
 * policy that runs no script even if one were opened directly.
 */
export function serveMedia(dir: string, path: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    return res.end("Method not allowed\n");
  }
  res.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  res.setHeader("x-content-type-options", "nosniff");
  send(req, path.slice(MEDIA_PREFIX.length - 1), { root: dir, index: false, dotfiles: "deny", maxAge: "1h" })
    .on("error", (error: { status?: number }) => {
      const status = error.status === 403 || error.status === 400 ? error.status : 404;
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(status === 404 ? "Not found\n" : "Forbidden\n");
    })
    .pipe(res);
}
