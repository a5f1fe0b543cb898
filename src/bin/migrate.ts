// The migrate command line (npm run db:migrate, migrate:create, migrate:check, migrate:status) over
// the library in src/db/migrate.ts. Target: DATABASE_URL, else the embedded database under DATA_DIR.
// Usage: migrate.ts deploy | status | check | create <name>

import { loadConfig } from "../config.js";
import { createMigration, migrateDeploy, migrateStatus, pendingSql } from "../db/migrate.js";
import { runCli } from "./run-cli.js";

async function main(cmd?: string, name?: string) {
  const { database } = loadConfig();
  const target = database.kind === "postgres" ? database.url : database.dataDir;
  if (cmd === "deploy") return console.log("Applied:", (await migrateDeploy(target)).join(", ") || "nothing (up to date)");
  if (cmd === "status") return console.log(await migrateStatus(target));
  const sql = await pendingSql();
  if (cmd === "check") {
    if (!sql) return console.log("Migrations are in sync with prisma/schema.prisma.");
    console.error(`prisma/schema.prisma changed without a migration (npm run migrate:create -- <name>):\n${sql}`);
    process.exitCode = 1;
    return;
  }
  if (cmd !== "create" || !name) throw new Error("usage: migrate.ts deploy | status | check | create <name>");
  if (!sql) return console.log("No changes.");
  console.log(`Created ${await createMigration(name, sql)}\n${sql}`);
}

await runCli(() => main(process.argv[2], process.argv[3]));
process.exit(); // the wasm engine leaves a 10 s timer behind
