import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Database } from "../config.js";
import { type Prisma, PrismaClient } from "../generated/prisma/client.js";
import { migrateDeploy } from "./migrate.js";
import { openPGlite } from "./pglite.js";

export type ClientOptions = Pick<Prisma.PrismaClientOptions, "log">;

// PGlite runs one transaction at a time for the whole process, so a transaction may wait for the
// one before it; give it longer than Prisma's 2 s default before reporting a timeout.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };

/** A Prisma client over an already-open PGlite; closing the client closes PGlite (flushes to disk). */
export function prismaForPGlite(pglite: PGlite, options: ClientOptions = {}) {
  const prisma = new PrismaClient({ ...options, transactionOptions, adapter: new PrismaPGlite(pglite) });
  const disconnect = prisma.$disconnect.bind(prisma);
  return Object.assign(prisma, {
    $disconnect: async () => {
      await disconnect();
      if (!pglite.closed) await pglite.close();
    },
  });
}

/** A Prisma client over a PostgreSQL server (migrated separately with `npm run db:migrate`). */
export function prismaForPostgres(url: string, options: ClientOptions = {}) {
  return new PrismaClient({ ...options, transactionOptions, adapter: new PrismaPg({ connectionString: url }) });
}

/**
 * The database factory. Embedded (no DATABASE_URL): PGlite under DATA_DIR, migrated on open.
 * Server (DATABASE_URL=postgres://…): PostgreSQL through @prisma/adapter-pg.
 */
export async function openDatabase(database: Database, options: ClientOptions = {}): Promise<Db> {
  if (database.kind === "postgres") return prismaForPostgres(database.url, options);
  const pglite = await openPGlite(database.dataDir);
  await migrateDeploy(pglite);
  return prismaForPGlite(pglite, options);
}

export type Db = PrismaClient;
/** The client or an interactive transaction: what services pass down. */
export type DbTx = Prisma.TransactionClient;
