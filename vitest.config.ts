import { defineConfig } from "vitest/config";

// Projects: pure domain tests, the whole service as `npm start` runs it, the API suite on embedded
// PGlite, and the same API suite on the real PostgreSQL server (TEST_DATABASE_URL, default: the local server on 127.0.0.1:5432).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/domain/**/*.test.ts", "tests/schema/**/*.test.ts", "tests/ai/**/*.test.ts", "client/src/**/*.test.ts"],
        },
      },
      // --expose-gc: the subscription leak test reports the heap after a full collection.
      { test: { name: "server", include: ["tests/server/**/*.test.ts"], execArgv: ["--expose-gc"] } },
      // Debian's Chromium: rendering checks, GraphiQL, and the canvas end to end (tests/e2e).
      { test: { name: "browser", include: ["tests/browser/**/*.test.ts", "tests/e2e/**/*.test.ts"] } },
      {
        test: {
          name: "embedded",
          include: ["tests/api/**/*.test.ts"],
          env: { TEST_DB: "embedded" },
          globalSetup: ["tests/helpers/global-setup.ts"],
        },
      },
      {
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
