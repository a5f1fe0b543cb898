import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Database } from "../config.js";
import { type Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { listenForLostConnections } from "./connection-errors.js";
import { lockDataDir } from "./data-dir-lock.js";
import { migrateDeploy, migrationNames } from "./migrate.js";
import { openPGlite } from "./pglite.js";

export type ClientOptions = Pick<Prisma.PrismaClientOptions, "log">;

/** Where a lost server connection is reported: the service's logger, else (command-line tools) the console. */
type Warner = Pick<Logger, "warn">;

// PGlite runs one transaction at a time for the whole process, so a transaction may wait for the
// one before it; give it longer than Prisma's 2 s default before reporting a timeout.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };
// "minimal": Prisma's other formats capture each query's call site (a stack trace per query, a
// sixth of the CPU of a busy subscription fan-out); its errors never reach a client anyway.
const errorFormat = "minimal";

/**
 * A Prisma client over an already-open PGlite; closing the client closes PGlite (flushes to disk)
 * and then runs `release`.
 */
export function prismaForPGlite(pglite: PGlite, options: ClientOptions = {}, release = async () => {}) {
  const prisma = new PrismaClient({ ...options, transactionOptions, errorFormat, adapter: new PrismaPGlite(pglite) });
  const disconnect = prisma.$disconnect.bind(prisma);
  return Object.assign(prisma, {
    $disconnect: async () => {
      await disconnect();
      if (!pglite.closed) await pglite.close();
      await release();
    },
  });
}

/** A Prisma client over a PostgreSQL server (migrated separately with `npm run db:migrate`). */
export function prismaForPostgres(url: string, options: ClientOptions = {}, logger: Warner = console) {
  const onConnect = listenForLostConnections((error) =>
    logger.warn(`database: a connection to PostgreSQL was lost (${error.message}); the pool opens a new one`),
  );
  const adapter = new PrismaPg({ connectionString: url, onConnect });
  return new PrismaClient({ ...options, transactionOptions, errorFormat, adapter });
}

/** The same database without Prisma, for the job queue: the embedded PGlite itself, or the server's URL. */
export type RawDatabase = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; url: string };

export interface OpenedDatabase {
  db: Db;
  raw: RawDatabase;
}

/**
 * The database factory. Embedded (no DATABASE_URL): PGlite under DATA_DIR, migrated on open.
 * Server (DATABASE_URL=postgres://…): PostgreSQL through @prisma/adapter-pg.
 */
export async function openDatabase(
  database: Database,
  options: ClientOptions = {},
  logger: Warner = console,
): Promise<OpenedDatabase> {
  if (database.kind === "postgres") {
    const prisma = prismaForPostgres(database.url, options, logger);
    await requireMigrated(prisma);
    return { db: prisma, raw: database };
  }
  const release = await lockDataDir(database.dataDir);
  try {
    const pglite = await openPGlite(database.dataDir);
    await migrateDeploy(pglite);
    return { db: prismaForPGlite(pglite, options, release), raw: { kind: "pglite", pglite } };
  } catch (error) {
    await release();
    throw error;
  }
}

export class DatabaseNotReadyError extends Error {}

/** A server database is migrated by `npm run db:migrate`, not on start: say so instead of failing later. */
async function requireMigrated(prisma: PrismaClient) {
  const applied = await prisma
    .$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(async (error: unknown) => {
      await prisma.$disconnect();
      const code = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).meta?.driverAdapterError
        ?.cause?.originalCode;
      if (code === "42P01") return [];
      throw new DatabaseNotReadyError(
        `Cannot query the database at DATABASE_URL: ${(error as Error).message.trim().split("\n").at(-1)}`,
      );
    });
  const done = new Set(applied.map((row) => row.migration_name));
  const pending = (await migrationNames()).filter((name) => !done.has(name));
  if (pending.length) {
    await prisma.$disconnect();
    throw new DatabaseNotReadyError(
      `The database at DATABASE_URL lacks ${pending.length} migration(s) (${pending.join(", ")}): run npm run db:migrate.`,
    );
  }
}

export type Db = PrismaClient;
/** The client or an interactive transaction: what services pass down. */
export type DbTx = Prisma.TransactionClient;
