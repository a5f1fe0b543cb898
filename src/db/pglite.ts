import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";

/** Opens an embedded PGlite database: a data directory, or "memory://" for a throwaway one. */
export async function openPGlite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir, loadDataDir ? { loadDataDir } : {});
  await db.waitReady;
  return db;
}
