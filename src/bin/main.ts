// `npm start`: one process serving the API (GraphiQL at /graphql) and the canvas on one port.

import { buildApp } from "../app.js";
import { loadConfig } from "../config.js";
import { runCli } from "./run-cli.js";

await runCli(async () => {
  const started = Date.now();
  const config = loadConfig();
  const app = await buildApp(config);
  const url = await app.start();
  const database =
    config.database.kind === "embedded" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL (DATABASE_URL)";
  console.log(`Phasewise on ${url} — GraphQL and GraphiQL at ${url}/graphql — ${database} — ready in ${Date.now() - started} ms`);
  console.log(
    app.authMode === "local"
      ? "No accounts configured: running as the single local workspace, reachable from this machine only."
      : "Accounts configured: every request needs an API token (Authorization: Bearer …).",
  );
  // npm and tsx may deliver a signal more than once; stop() is idempotent.
  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down…`);
    app.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
});
