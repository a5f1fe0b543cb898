// Migrates one template database per test run (with the job queue's schema), so each test file starts from a copy in about a
// second instead of replaying the migrations (PGlite: 4–5 s per fresh data directory).
//   embedded: a migrated PGlite, dumped to a tarball that test files load with `loadDataDir`;
//   postgres: a migrated database on the server, used as TEMPLATE for each file's own database.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../../src/db/migrate.js";
import { openJobQueue } from "../../src/jobs/job-queue.js";
import { adminUrl, databaseUrl } from "./postgres-url.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (project.config.env.TEST_DB === "postgres") {
    const template = `phasewise_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect().catch((error) => {
      throw new Error(`The PostgreSQL suite needs a server at ${adminUrl()} (TEST_DATABASE_URL): ${error.message}`);
    });
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await migrateDeploy(databaseUrl(template));
    await (await openJobQueue({ kind: "postgres", url: databaseUrl(template) })).stop();
    // The migration engine's pool may keep a connection open, and a template must have none.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [
      template,
    ]);
    project.provide("postgresTemplate", template);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "phasewise-template-"));
  const pglite = new PGlite();
  await migrateDeploy(pglite);
  await (await openJobQueue({ kind: "pglite", pglite })).stop();
  const dump = await pglite.dumpDataDir("gzip");
  await pglite.close();
  const file = join(dir, "template.tar.gz");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(dir, { recursive: true, force: true });
}
