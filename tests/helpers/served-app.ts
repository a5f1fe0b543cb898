import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, buildApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";
import { openForFile } from "./per-file.js";

// The service as `npm start` builds it, in the test's process, on a data directory of its own.

export interface ServedApp {
  app: App;
  /** Where it listens. */
  url: string;
  dataDir: string;
  /** Stops the service and deletes its data directory. */
  stop(): Promise<void>;
}

/** Builds and starts the service on a fresh data directory with these settings (PORT 0 and LOG_LEVEL silent unless they say), after `prepare` on its config. */
async function serveOnFreshDataDir(
  prefix: string,
  settings: Record<string, string> = {},
  prepare?: (config: Config) => Promise<void>,
): Promise<ServedApp> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", ...settings });
  await prepare?.(config);
  const app = await buildApp(config);
  const stop = async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  const url = await app.start().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { app, url, dataDir, stop };
}

/** serveOnFreshDataDir for the test file: started before its tests (settings read then), stopped and deleted after them. */
export const useServedApp = (
  prefix: string,
  settings: Record<string, string> | (() => Record<string, string>) = {},
  prepare?: (config: Config) => Promise<void>,
): ServedApp =>
  openForFile(
    () => serveOnFreshDataDir(prefix, typeof settings === "function" ? settings() : settings, prepare),
    (served) => served.stop(),
  );
