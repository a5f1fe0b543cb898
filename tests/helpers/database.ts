import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Db, prismaForPGlite, prismaForPostgres, type RawDatabase } from "../../src/db/client.js";
import { openPGlite } from "../../src/db/pglite.js";
import { type JobQueue, type JobQueueOptions, openJobQueue } from "../../src/jobs/job-queue.js";
import { openForFile } from "./per-file.js";
import { adminUrl, databaseUrl } from "./postgres-url.js";

export interface TestDatabase {
  db: Db;
  /** The same database without Prisma (PGlite itself, or the server URL). */
  raw: RawDatabase;
  /** The job queue on this database (no workers until a test starts them). */
  jobs: JobQueue;
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
  "Publication",
  "VariantMetrics",
  "ContentVariant",
  "PostLink",
  "Post",
  "StrategyPhase",
  "StrategyVersion",
  "Campaign",
];

/** A fresh, migrated database for one test file: PGlite in memory, or a throwaway PostgreSQL database. */
export async function openTestDatabase(jobOptions: JobQueueOptions = {}): Promise<TestDatabase> {
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "embedded";
  const log = [{ emit: "event", level: "query" }] as const;
  let db: Db;
  let raw: RawDatabase;
  let drop = async () => {};
  if (kind === "postgres") {
    const name = `phasewise_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    // Copying a template fails while another copy of it is being made: take turns.
    await admin.query("SELECT pg_advisory_lock(7236)");
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
    await admin.query("SELECT pg_advisory_unlock(7236)");
    raw = { kind: "postgres", url: databaseUrl(name) };
    db = prismaForPostgres(raw.url, { log: [...log] });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const template = new Blob([await readFile(inject("pgliteTemplate"))]);
    const pglite = await openPGlite("memory://", template);
    raw = { kind: "pglite", pglite };
    db = prismaForPGlite(pglite, { log: [...log] });
  }
  const jobs = await openJobQueue(raw, jobOptions);
  const statements: string[] = [];
  (db as unknown as { $on(e: "query", f: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  return {
    db,
    raw,
    jobs,
    kind,
    statements,
    truncate: async () => {
      await db.$executeRawUnsafe(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} CASCADE`);
    },
    close: async () => {
      await jobs.stop(1_000);
      await db.$disconnect();
      await drop();
    },
  };
}

/** The test file's database: opened before its tests (with these job queue options), closed after them. */
export const useTestDatabase = (jobOptions: JobQueueOptions = {}): TestDatabase =>
  openForFile(
    () => openTestDatabase(jobOptions),
    (t) => t.close(),
  );
