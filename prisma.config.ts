import { defineConfig } from "prisma/config";

// Offline machines cannot download Prisma's native schema engine. `generate`, `validate`,
// `format` and `version` never run it, so point them at an existing dummy file to stop the
// download attempt. `migrate *` / `db *` keep the stock behaviour (download + native engine),
// so `npx prisma migrate deploy` still works where binaries.prisma.sh is reachable.
// Offline, use `npm run db:migrate` / `migrate:*` (src/bin/migrate.ts, WASM schema engine) instead.
const command = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (command !== "migrate" && command !== "db") {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
