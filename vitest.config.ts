import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Projects: pure domain tests, the whole service as `npm start` runs it, the API suite on embedded
// PGlite, and the same API suite on the real PostgreSQL server (TEST_DATABASE_URL, default: the local server on 127.0.0.1:5432).
export default defineConfig({
  // graphql as Node loads it for the app (its CommonJS build: the package has no "exports"), not
  // the ESM build Vite would pick for our sources: graphql refuses a schema built by the other one,
  // and Pothos, Yoga and graphql-tools, loaded by Node, build and run it with the CommonJS one.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }] },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/domain/**/*.test.ts", "tests/schema/**/*.test.ts", "tests/ai/**/*.test.ts", "client/src/**/*.test.ts"],
        },
      },
      // --expose-gc: the subscription leak test reports the heap after a full collection.
      { extends: true, test: { name: "server", include: ["tests/server/**/*.test.ts"], execArgv: ["--expose-gc"] } },
      // Debian's Chromium: rendering checks, GraphiQL, and the canvas end to end (tests/e2e).
      { extends: true, test: { name: "browser", include: ["tests/browser/**/*.test.ts", "tests/e2e/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "embedded",
          include: ["tests/api/**/*.test.ts"],
          env: { TEST_DB: "embedded" },
          globalSetup: ["tests/helpers/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          // tests/postgres: races, which only a real server can show.
          include: ["tests/api/**/*.test.ts", "tests/postgres/**/*.test.ts"],
          env: { TEST_DB: "postgres" },
          globalSetup: ["tests/helpers/global-setup.ts"],
        },
      },
    ],
  },
});
