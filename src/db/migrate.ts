// Offline `prisma migrate` on Prisma's own WebAssembly schema engine + driver adapters, because the
// Prisma CLI's migrate commands download a native engine, which these machines cannot (see
// ../../shared/PRISMA-OFFLINE.md). Standard prisma/migrations folder and _prisma_migrations table,
// so the stock `prisma migrate deploy` agrees with it wherever the internet is reachable.
// A library: the command line (npm run db:migrate, migrate:*) is src/bin/migrate.ts.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { lockDataDir } from "./data-dir-lock.js";
import { openPGlite } from "./pglite.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCHEMA = join(root, "prisma/schema.prisma");
const DIR = join(root, "prisma/migrations");
const filters = { externalTables: [], externalEnums: [] };
const wasmJs = "@prisma/schema-engine-wasm/schema_engine_bg";

// biome-ignore lint/suspicious/noExplicitAny: the wasm engine ships without TypeScript types
type Engine = any;

// One wasm instance per process: the engine's JS glue module is shared, and instantiating a second
// instance into it breaks the first. Kept on globalThis because a test runner may load this file
// more than once (once per project) while Node shares the glue module between those copies.
const cache = globalThis as { [key: symbol]: Promise<Engine> | undefined };
const KEY = Symbol.for("phasewise.schemaEngine");
const schemaEngine = (): Promise<Engine> => (cache[KEY] ??= instantiateSchemaEngine());

async function instantiateSchemaEngine(): Promise<Engine> {
  const bg: Engine = await import(wasmJs); // the package entry imports *.wasm as ESM: instantiate by hand
  const bytes = await readFile(join(dirname(createRequire(import.meta.url).resolve(wasmJs)), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as Engine).__wbindgen_start();
  return bg.SchemaEngine;
}

// pglite-prisma-adapter 0.7.2 does not await exec() in executeScript: a failing migration would be
// recorded as applied. This wrapper awaits it.
const awaitScripts = (a: Engine) =>
  Object.assign(a, {
    async executeScript(sql: string) {
      try {
        await a.client.exec(sql);
      } catch (e) {
        a.onError(e);
      }
    },
  });

const pgliteFactory = (db: PGlite) => {
  const f = new PrismaPGlite(db);
  return {
    provider: "postgres" as const,
    adapterName: f.adapterName,
    connect: async () => awaitScripts(await f.connect()),
    connectToShadowDb: async () => awaitScripts(await f.connectToShadowDb()),
  };
};

/** A target is a postgres:// URL, an open PGlite, or a PGlite data directory ("memory://" for none). */
type Target = string | PGlite;
const isUrl = (t: Target): t is string => typeof t === "string" && /^postgres(ql)?:\/\//.test(t);

async function withEngine<T>(target: Target, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const dataDir = typeof target === "string" && !isUrl(target) && target !== "memory://" ? target : undefined;
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  const own = typeof target === "string" && !isUrl(target) ? await openPGlite(target) : undefined;
  const db = own ?? target;
  const factory = typeof db === "string" ? new PrismaPg({ connectionString: db, max: 1 }) : pgliteFactory(db);
  const engine = await (await schemaEngine()).new(
    { datamodels: undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await own?.close();
    await release();
  }
}

/** The names of the committed migrations, oldest first. */
export async function migrationNames(): Promise<string[]> {
  if (!existsSync(DIR)) return [];
  const entries = await readdir(DIR, { withFileTypes: true });
  return entries
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

async function readMigrations() {
  const names = await migrationNames();
  const lock = join(DIR, "migration_lock.toml");
  return {
    baseDir: DIR,
    shadowDbInitScript: "",
    lockfile: { path: "migration_lock.toml", content: existsSync(lock) ? await readFile(lock, "utf8") : null },
    migrationDirectories: await Promise.all(
      names.map(async (path) => ({
        path,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok", value: await readFile(join(DIR, path, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

/** Like `prisma migrate deploy`; returns the names of the migrations it applied. */
export async function migrateDeploy(target: Target): Promise<string[]> {
  const migrationsList = await readMigrations();
  return withEngine(target, async (e) => (await e.applyMigrations({ migrationsList, filters })).appliedMigrationNames);
}

/** Like `prisma migrate status`: the engine's diagnosis of the target's migration history. */
export async function migrateStatus(target: Target): Promise<unknown> {
  const migrationsList = await readMigrations();
  return withEngine(target, (e) => e.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }));
}

/**
 * Replays the history into an in-memory PGlite and diffs it against schema.prisma: the SQL of the
 * migration that schema.prisma still needs, undefined when the migrations are in sync with it.
 */
export async function pendingSql(): Promise<string | undefined> {
  const list = await readMigrations();
  const files = [{ path: SCHEMA, content: await readFile(SCHEMA, "utf8") }];
  return withEngine("memory://", async (e) => {
    if (list.migrationDirectories.length) await e.applyMigrations({ migrationsList: list, filters });
    const d = await e.diff({
      from: { tag: "schemaDatasource", files, configDir: dirname(SCHEMA) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters,
    });
    return d.exitCode === 0 ? undefined : d.stdout;
  });
}

/** Writes a migration named after `name` (timestamped, like `prisma migrate dev`); returns its directory. */
export async function createMigration(name: string, sql: string): Promise<string> {
  const dir = join(DIR, `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${name.replace(/\W+/g, "_")}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "migration.sql"), sql);
  const lock = join(DIR, "migration_lock.toml");
  if (!existsSync(lock))
    await writeFile(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  return dir;
}
