import { mkdirSync } from "node:fs";
import lockfile from "proper-lockfile";

export class DatabaseInUseError extends Error {}

/** PGlite must never be opened by two processes at once: that corrupts its data directory. */
export async function lockDataDir(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  try {
    const release = await lockfile.lock(dataDir, { lockfilePath: `${dataDir}.lock`, stale: 10_000, update: 2_000 });
    let released = false;
    return async () => {
      if (!released) await release();
      released = true;
    };
  } catch (error) {
    if ((error as { code?: string }).code !== "ELOCKED") throw error;
    throw new DatabaseInUseError(
      `The embedded database in ${dataDir} is open in another Phasewise process (npm start or npm run seed). ` +
        "Stop that process first, or set DATA_DIR to another folder.",
    );
  }
}
