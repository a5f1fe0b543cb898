import type { IncomingMessage } from "node:http";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Plugin } from "graphql-yoga";

/**
 * The header a browser page must set on a GraphQL request that is not JSON (a GET with ?query=,
 * a form, multipart or text/plain POST). A page on another site cannot set it without a CORS
 * preflight, which only CORS_ORIGINS pass; the canvas sends it on every request.
 */
export const CSRF_HEADER = "x-graphql-yoga-csrf";

/** Yoga's CSRF prevention: requests a cross-site form could send need CSRF_HEADER, or get 403. */
export const csrfPrevention = (): Plugin => useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });

/** Content types a cross-site page can POST without a CORS preflight (the HTML form's and text/plain). */
const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/**
 * The same rule for routes outside Yoga (the legacy JSON route): a POST is safe from CSRF when its
 * content type forces a preflight (application/json) or it carries CSRF_HEADER.
 */
export function isCrossSiteSafe(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").toLowerCase().trim();
  if (req.headers[CSRF_HEADER] !== undefined) return true;
  return type !== "" && !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/**
 * Yoga's CORS options: only the configured origins get Access-Control-Allow-Origin (and preflight
 * answers); every other origin gets no CORS headers, so the browser keeps the response from the
 * page. Same-origin requests need none. Bearer tokens, not cookies: no Allow-Credentials.
 */
export function corsFor(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || !allowed.has(origin)) return false as const;
    return {
      origin: [origin],
      methods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: ["content-type", "authorization", CSRF_HEADER],
      credentials: false,
      maxAge: 600,
    };
  };
}

/**
 * Whether a WebSocket handshake may proceed. Browsers apply neither CORS nor preflights to
 * WebSockets, so without this check any page could open one to the API and act as the visitor
 * (cross-site WebSocket hijacking). Allowed: no Origin (not a browser), the API's own origin (the
 * canvas, GraphiQL, or `npm run dev`'s proxy, which keeps the Host), and CORS_ORIGINS.
 */
export function isAllowedWebSocketOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]) {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  return URL.canParse(origin) && host !== undefined && new URL(origin).host === host.toLowerCase();
}

/** The answer depends on Origin whenever some origins are allowed: caches must keep them apart. */
export const varyOnOrigin = (): Plugin => ({
  onResponse: ({ response }) => {
    const vary = response.headers.get("vary");
    if (!vary?.toLowerCase().includes("origin")) response.headers.set("vary", vary ? `${vary}, Origin` : "Origin");
  },
});
