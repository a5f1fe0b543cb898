import type { Db } from "../db/client.js";
import { unauthenticated } from "../errors.js";
import { workspaceOfToken } from "./tokens.js";
import { LOCAL_WORKSPACE_ID } from "./workspaces.js";

/** How requests are authenticated, decided at start. */
export type AuthMode = "local" | "tokens";

/** The bearer token in an `Authorization` header value, if any. */
export const bearer = (header: string | null | undefined) => header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];

/**
 * The workspace a request acts in. With tokens, the token decides (missing, unknown or revoked:
 * UNAUTHENTICATED). Local mode (no accounts, bound to loopback): the local workspace, unless a
 * token is presented anyway.
 */
export async function callerWorkspace(db: Db, mode: AuthMode, authorization: string | null | undefined): Promise<string> {
  const token = bearer(authorization);
  if (token) {
    const workspaceId = await workspaceOfToken(db, token);
    if (!workspaceId) throw unauthenticated("The API token is unknown or revoked.");
    return workspaceId;
  }
  if (mode === "local") return LOCAL_WORKSPACE_ID;
  throw unauthenticated("This server requires an API token: send `Authorization: Bearer <token>`.");
}
