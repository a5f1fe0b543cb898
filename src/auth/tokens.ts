import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";

const PREFIX = "pw_";
const LAST_USED_RESOLUTION_MS = 60_000;

/** A new API token: 32 random bytes; only its hash is stored. */
export function newToken(): { token: string; hash: string; prefix: string } {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, PREFIX.length + 6) };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The workspace a presented token belongs to, or null if it is unknown or revoked. */
export async function workspaceOfToken(db: Db, token: string): Promise<string | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({
    where: { hash: hashToken(token) },
    select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  // "Last used" to the minute: a write per request would sit on every read's path. Best effort:
  // a failed stamp must not fail the request.
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
    void db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  return row.workspaceId;
}

/** Whether any token was ever issued: then every request must present one. */
export async function accountsConfigured(db: Db): Promise<boolean> {
  return (await db.apiToken.count()) > 0;
}
