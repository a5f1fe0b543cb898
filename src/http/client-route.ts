import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import send from "send";

/** The canvas as Vite built it (`npm run build`, also run by `npm install`). */
const CLIENT_DIR = fileURLToPath(new URL("../../client/dist/", import.meta.url));

/** Whether a path belongs to the built canvas: its page and its hashed assets. */
export const isClientPath = (path: string) => path === "/" || path === "/index.html" || path.startsWith("/assets/");

/** Serves the canvas page (never cached: it names the current assets) and its assets (cached for good). */
export function serveClient(path: string, req: IncomingMessage, res: ServerResponse) {
  if (!existsSync(CLIENT_DIR)) {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
    return res.end("The canvas is not built: run `npm run build` (npm install does it too).\n");
  }
  const page = !path.startsWith("/assets/");
  send(req, page ? "/index.html" : path, {
    root: CLIENT_DIR,
    index: false,
    dotfiles: "deny",
    cacheControl: false,
  })
    .on("headers", (response: ServerResponse) => {
      response.setHeader("cache-control", page ? "no-cache" : "public, max-age=31536000, immutable");
    })
    .on("error", (error: { status?: number }) => {
      res.writeHead(error.status === 403 ? 403 : 404, { "content-type": "text/plain; charset=utf-8" });
      res.end("Not found\n");
    })
    .pipe(res);
}
