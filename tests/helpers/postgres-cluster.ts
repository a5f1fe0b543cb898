import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./free-port.js";

// A PostgreSQL server of one test's own (initdb into a temporary directory, pg_ctl on a free port
// of 127.0.0.1), for tests that restart or stop it: the machine's server is shared with others.

const BIN = "/usr/lib/postgresql/15/bin";
const run = promisify(execFile);

export interface PostgresCluster {
  /** postgresql://postgres@127.0.0.1:<port>/<name> */
  url(name: string): string;
  createDatabase(name: string): Promise<void>;
  /** `pg_ctl restart -m fast`, as a restart by an administrator or a service manager does it. */
  restart(): Promise<void>;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = await mkdtemp(join(tmpdir(), "phasewise-cluster-"));
  const data = join(dir, "data");
  // PostgreSQL refuses to run as root: as root, run its tools as the system's postgres user.
  const asRoot = process.getuid?.() === 0;
  const pgTool = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(BIN, tool), ...args]) : run(join(BIN, tool), args);
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: group } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout), Number(group));
  }
  const port = await freePort();
  // fsync off: a fast shutdown writes everything out whatever fsync says; fsync only matters when
  // the machine itself crashes, which no test does.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const url = (name: string) => `postgresql://postgres@127.0.0.1:${port}/${name}`;
  await pgTool("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "--no-instructions"]);
  await pgTool("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", "start"]);
  return {
    url,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url("postgres") });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
    },
    async restart() {
      await pgTool("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-m", "fast", "-w", "restart"]);
    },
    async destroy() {
      await pgTool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
