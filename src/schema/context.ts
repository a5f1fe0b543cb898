import type { Db } from "../db/client.js";

/** Built per request; small and readonly. */
export interface Context {
  readonly db: Db;
}
