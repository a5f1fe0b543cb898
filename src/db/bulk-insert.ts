import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/prisma/client.js";
import type { DbTx } from "./client.js";

/**
 * Many rows as one INSERT … SELECT … FROM unnest(one array per column), sent as raw SQL.
 *
 * Prisma's createMany builds its query plan and parameters value by value in JavaScript: on a
 * regeneration (5 × 5 from phase 3, PostgreSQL) the phase, post, link and event inserts took
 * 27 ms of the 50 ms, their statements 5 ms. Here a statement has one parameter per column,
 * whatever the number of rows. No library does this for Prisma; the tables' columns are listed
 * below with their SQL types (tests/api/bulk-insert.test.ts reads every kind of value back through
 * Prisma on both dialects).
 *
 * Database defaults apply to the columns left out (createdAt, status, isActive…); `id` is a new
 * UUID when a row has none (Prisma's @default(uuid()) is applied by the client, not the database)
 * and `updatedAt` is the statement's time, as Prisma's @updatedAt would set it.
 */
type SqlType = "text" | "int4" | "jsonb" | "timestamp" | { enum: string };

const TABLES = {
  StrategyPhase: { id: "text", campaignId: "text", number: "int4", name: "text", createdInVersion: "int4" },
  Post: {
    id: "text",
    campaignId: "text",
    phase: "int4",
    position: "int4",
    title: "text",
    description: "text",
    platform: { enum: "Platform" },
    version: "int4",
  },
  PostLink: { id: "text", campaignId: "text", fromId: "text", toId: "text", createdInVersion: "int4" },
  EventLog: {
    id: "text",
    campaignId: "text",
    sequence: "int4",
    version: "int4",
    type: "text",
    payload: "jsonb",
    createdAt: "timestamp",
  },
} satisfies Record<string, Record<string, SqlType>>;

/** Tables with an @updatedAt column, which the database does not fill. */
const STAMPED = new Set<Table>(["Post"]);

type Table = keyof typeof TABLES;
type Row<T extends Table> = { [K in keyof (typeof TABLES)[T]]?: unknown };

export async function insertRows<T extends Table>(tx: DbTx, table: T, rows: Row<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(TABLES[table]) as [string, SqlType][];
  const name = (column: string) => Prisma.raw(`"${column}"`);
  // Sent as text[] or int4[]; enums, JSON and times (Dates, as ISO text in UTC) are cast from text once unnested.
  const arrays = columns.map(([column, type]) => {
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[column];
      if (column === "id") return value ?? randomUUID();
      if (type === "jsonb") return value === undefined || value === null ? null : JSON.stringify(value);
      if (type === "timestamp") return value instanceof Date ? value.toISOString() : (value ?? null);
      return value ?? null;
    });
    return Prisma.sql`${values}::${Prisma.raw(type === "int4" ? "int4" : "text")}[]`;
  });
  const selected = columns.map(([column, type]) =>
    typeof type === "object"
      ? Prisma.sql`u.${name(column)}::${Prisma.raw(`"${type.enum}"`)}`
      : type === "jsonb" || type === "timestamp"
        ? Prisma.sql`u.${name(column)}::${Prisma.raw(type === "jsonb" ? "jsonb" : "timestamp(3)")}`
        : Prisma.sql`u.${name(column)}`,
  );
  const stamped = STAMPED.has(table);
  const targetColumns = [...columns.map(([column]) => name(column)), ...(stamped ? [name("updatedAt")] : [])];
  const values = [...selected, ...(stamped ? [Prisma.sql`CURRENT_TIMESTAMP`] : [])];
  await tx.$executeRaw`INSERT INTO ${name(table)} (${Prisma.join(targetColumns)}) SELECT ${Prisma.join(values)} FROM unnest(${Prisma.join(arrays)}) AS u(${Prisma.join(columns.map(([column]) => name(column)))})`;
}
