// One server under test for bench/read.ts, in its own process (the parent pins it to a core):
//   node --import tsx bench/read/server.ts <kind> <DATA_DIR | postgres:// URL>
// Prints "READY <url>" once it answers POST <url>/graphql; stops cleanly on SIGTERM (which closes
// PGlite and its data-dir lock, so the next server can open the same directory).
//
// Kinds: phasewise (the whole app, as `npm start` builds it), phasewise-uncached (the same with
// READ_CACHE_MB=0: every request executes the whole query), apollo (Apollo Server 5), mercurius
// (Fastify + graphql-jit), raw (node:http + the same Prisma call + JSON.stringify: the floor), and
// for `--explore` Yoga on the Phasewise schema without the app around it: yoga-app (the app's
// createGraphQLServer, no workers), yoga-bare (createYoga({ schema }) with Yoga's defaults),
// yoga-bare-limits (+ the app's graphql-armor limits), yoga-bare-jit (+ @envelop/graphql-jit).

import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { buildApp } from "../../src/app.js";
import { LOCAL_WORKSPACE_ID } from "../../src/auth/workspaces.js";
import { loadConfig } from "../../src/config.js";
import { type Db, openDatabase } from "../../src/db/client.js";
import { type EXPLORE, type ServerKind, servicesFor } from "./data.js";
import { asQueryResult, loadPosts, resolversFor, typeDefs } from "./peers.js";

const HOST = "127.0.0.1";
const [kind, target] = process.argv.slice(2) as [ServerKind, string];
if (!kind || !target) throw new Error("usage: server.ts <kind> <DATA_DIR | postgres:// URL>");
const env = target.includes("://") ? { DATABASE_URL: target } : { DATA_DIR: target };
const config = loadConfig({ ...env, HOST, PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "production" });

/** Listens on a free port of HOST; resolves to the base URL. */
const listen = (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
  new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = createServer(handler);
    server.listen(0, HOST, () =>
      resolve({
        url: `http://${HOST}:${(server.address() as AddressInfo).port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    );
  });

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

async function start(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (kind === "phasewise" || kind === "phasewise-uncached") {
    const app = await buildApp(kind === "phasewise" ? config : { ...config, readCacheBytes: 0 });
    return { url: await app.start(), stop: () => app.stop() };
  }
  const { db } = await openDatabase(config.database);
  const withDb = (server: { url: string; close: () => Promise<void> }) => ({
    url: server.url,
    stop: async () => {
      await server.close();
      await db.$disconnect();
    },
  });
  switch (kind) {
    case "apollo": {
      const { ApolloServer } = await import("@apollo/server");
      const { startStandaloneServer } = await import("@apollo/server/standalone");
      const apollo = new ApolloServer({ typeDefs, resolvers: resolversFor(db), stopOnTerminationSignals: false });
      const { url } = await startStandaloneServer(apollo, { listen: { host: HOST, port: 0 } });
      return withDb({ url: url.replace(/\/$/, ""), close: () => apollo.stop() });
    }
    case "mercurius": {
      const { default: Fastify } = await import("fastify");
      const { default: mercurius } = await import("mercurius");
      const app = Fastify({ logger: false });
      // jit: 1 compiles a query with graphql-jit from its second execution on.
      await app.register(mercurius, { schema: typeDefs, resolvers: resolversFor(db) as never, jit: 1 });
      const url = await app.listen({ host: HOST, port: 0 });
      return withDb({ url, close: () => app.close() });
    }
    case "raw":
      return withDb(
        await listen((req, res) => {
          readBody(req)
            .then(async (body) => {
              const { variables } = JSON.parse(body) as { variables: { id: string } };
              const json = JSON.stringify(asQueryResult(await loadPosts(db, variables.id)));
              res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
              res.end(json);
            })
            .catch((error: Error) => {
              res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
              res.end(JSON.stringify({ errors: [{ message: error.message }] }));
            });
        }),
      );
    default:
      return withDb(await listen(await exploreHandler(kind, db)));
  }
}

/** Yoga on the Phasewise schema, without the app around it (workers, routing), with or without its plugins. */
async function exploreHandler(kind: (typeof EXPLORE)[number], db: Db) {
  const services = servicesFor(db);
  if (kind === "yoga-app") {
    const { createGraphQLServer } = await import("../../src/http/graphql-server.js");
    return createGraphQLServer({ ...services, production: true, graphiql: false });
  }
  const { createYoga } = await import("graphql-yoga");
  const { schema } = await import("../../src/schema/index.js");
  const { graphqlLimits } = await import("../../src/security/limits.js");
  const { useGraphQlJit } = await import("@envelop/graphql-jit");
  const plugins = { "yoga-bare": [], "yoga-bare-limits": [graphqlLimits()], "yoga-bare-jit": [useGraphQlJit()] }[kind];
  return createYoga({
    schema,
    plugins,
    logging: false,
    context: () => ({ ...services, workspaceId: LOCAL_WORKSPACE_ID }),
  });
}

// Profiling (bench/read.ts --profile): SIGUSR2 starts V8's sampling profiler after the warm-up, so
// start-up (module loading, tsx) stays out of the profile; SIGTERM writes it to BENCH_PROFILE_DIR.
const profileDir = process.env.BENCH_PROFILE_DIR;
let profiler: Session | undefined;
if (profileDir)
  process.on("SIGUSR2", async () => {
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
    await profiler.post("Profiler.start");
    console.log("PROFILING");
  });
const writeProfile = async () => {
  if (!profiler || !profileDir) return;
  const { profile } = await profiler.post("Profiler.stop");
  await writeFile(join(profileDir, `${kind}.cpuprofile`), JSON.stringify(profile));
};

const server = await start();
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  writeProfile()
    .then(() => server.stop())
    .then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
console.log(`READY ${server.url}`);
