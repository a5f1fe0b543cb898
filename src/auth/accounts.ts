import type { Db } from "../db/client.js";
import { newToken } from "./tokens.js";
import { LOCAL_WORKSPACE_NAME } from "./workspaces.js";

/**
 * Issues an API token for a user of a workspace (both created if new). The token is returned once;
 * only its hash is stored.
 */
export async function issueToken(db: Db, request: { name: string; workspace?: string }) {
  const name = request.name.trim();
  const workspaceName = (request.workspace ?? LOCAL_WORKSPACE_NAME).trim();
  if (!name || name.length > 100) throw new Error("--name must be 1–100 characters");
  if (!workspaceName || workspaceName.length > 100) throw new Error("--workspace must be 1–100 characters");
  const { token, hash, prefix } = newToken();
  const created = await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.upsert({ where: { name: workspaceName }, create: { name: workspaceName }, update: {} });
    const user = await tx.user.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name } },
      create: { workspaceId: workspace.id, name },
      update: {},
    });
    return tx.apiToken.create({ data: { workspaceId: workspace.id, userId: user.id, name, hash, prefix } });
  });
  return { token, id: created.id, prefix, workspace: workspaceName };
}

/** Every token (never the secret), newest first. */
export function listTokens(db: Db) {
  return db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      prefix: true,
      name: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      workspace: { select: { name: true } },
    },
  });
}

/** Revokes a token by id or by its listed prefix; false if none matched. */
export async function revokeToken(db: Db, idOrPrefix: string): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({
    where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }], revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}
