import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type App, type AppOverrides, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { TestDatabase } from "./database.js";

export interface Instances {
  apps: App[];
  /** Where each one listens, in the same order. */
  urls: string[];
}

/**
 * For the test file: one instance of the service per entry of `overrides`, all on the test
 * database and one data directory, each with these settings (LOG_LEVEL silent unless they say);
 * started before its tests (settings read then), stopped and the directory deleted after them.
 */
export function useInstances(
  t: Pick<TestDatabase, "raw">,
  settings: Record<string, string> | (() => Record<string, string>),
  overrides: AppOverrides[],
): Instances {
  const instances: Instances = { apps: [], urls: [] };
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "phasewise-instances-"));
    for (const override of overrides) {
      const config = loadConfig({
        DATABASE_URL: t.raw.kind === "postgres" ? t.raw.url : "",
        DATA_DIR: dataDir,
        PORT: "0",
        LOG_LEVEL: "silent",
        ...(typeof settings === "function" ? settings() : settings),
      });
      const app = await buildApp(config, override);
      instances.apps.push(app);
      instances.urls.push(await app.start());
    }
  });
  afterAll(async () => {
    await Promise.all(instances.apps.map((app) => app.stop()));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return instances;
}
