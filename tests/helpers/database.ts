import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Db, prismaForPGlite, prismaForPostgres } from "../../src/db/client.js";
import { openPGlite } from "../../src/db/pglite.js";
import { adminUrl, databaseUrl } from "./postgres-url.js";

export interface TestDatabase {
  db: Db;
  /** "embedded" (PGlite) or "postgres" (the real server), from the Vitest project. */
  kind: "embedded" | "postgres";
  /** SQL statements the client sent since the last `statements.length = 0`. */
  statements: string[];
  /** Empties every table (between tests). */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

const TABLES = [
  "EventLog",
  "VariantMetrics",
  "ContentVariant",
  "PostLink",
  "Post",
  "StrategyPhase",
  "StrategyVersion",
  "Campaign",
];

/** A fresh, migrated database for one test file: PGlite in memory, or a throwaway PostgreSQL database. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "embedded";
  const log = [{ emit: "event", level: "query" }] as const;
  let db: Db;
  let drop = async () => {};
  if (kind === "postgres") {
    const name = `phasewise_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    // Copying a template fails while another copy of it is being made: take turns.
    await admin.query("SELECT pg_advisory_lock(7236)");
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
    await admin.query("SELECT pg_advisory_unlock(7236)");
    db = prismaForPostgres(databaseUrl(name), { log: [...log] });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const template = new Blob([await readFile(inject("pgliteTemplate"))]);
    db = prismaForPGlite(await openPGlite("memory://", template), { log: [...log] });
  }
  const statements: string[] = [];
  (db as unknown as { $on(e: "query", f: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  return {
    db,
    kind,
    statements,
    truncate: async () => {
      await db.$executeRawUnsafe(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} CASCADE`);
    },
    close: async () => {
      await db.$disconnect();
      await drop();
    },
  };
}
