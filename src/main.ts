// `npm start`: one process serving the API (GraphiQL at /graphql) and the canvas on one port.
import { ConfigError, loadConfig } from "./config.js";
import { buildApp } from "./server.js";

const started = Date.now();
try {
  const config = loadConfig();
  const app = await buildApp(config);
  const url = await app.start();
  const where =
    config.database.kind === "embedded" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL (DATABASE_URL)";
  console.log(
    `Phasewise listening on ${url} — GraphQL and GraphiQL at ${url}/graphql — database: ${where} — ready in ${Date.now() - started} ms`,
  );
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
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
