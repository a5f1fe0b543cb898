import { isIP } from "node:net";

/**
 * DNS rebinding: a page on evil.example can make its own name resolve to 127.0.0.1 and then talk to
 * a service on this machine as if it were same-origin, so neither CORS nor the CSRF header stops
 * it. Without accounts (the local mode) nothing else would, so there only requests addressed to a
 * name of this machine are answered: the Host header must be localhost, a *.localhost name (browsers
 * resolve those to loopback themselves), a 127.x.x.x address or [::1]. With tokens a rebinding page
 * has no token, and any Host is answered.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = hostName(host.trim().toLowerCase());
  if (name === undefined) return false;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === "::1") return true;
  return isIP(name) === 4 && name.startsWith("127.");
}

/** The host part of a Host header ("[::1]:4000" → "::1", "localhost:4000" → "localhost"). */
function hostName(host: string): string | undefined {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 0 ? host.slice(1, end) : undefined;
  }
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

export const HOST_REFUSED_MESSAGE =
  "Phasewise runs without accounts here and answers only to localhost addresses (this Host header is not one). Open it at http://localhost or http://127.0.0.1, or create an API token (npm run token -- create --name <you>).";
