// Phasewise under test for the fan-out benchmark (bench/live/fanout.ts starts it, pinned to a core):
//   node --expose-gc --import tsx bench/live/phasewise-server.ts <DATA_DIR>
// The whole app as `npm start` builds it (buildApp: embedded PGlite, offline model, job workers,
// graphql-ws with its guards), NODE_ENV=production, over a sample campaign written as rows (no
// content jobs, so no events of its own). "publish" puts a PostUpdated event on the app's bus
// exactly as a service does after its commit (app.events.publish); every campaignEvents
// subscription then resolves it (including `post { id }`) and sends it. SQL statements are counted
// at PGlite, to show how many reads one event costs.
import { PGlite } from "@electric-sql/pglite";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openEventStreams } from "../../src/events/campaign-stream.js";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { benchEvent, serve } from "./child.js";

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: phasewise-server.ts <DATA_DIR>");

// Every statement Prisma sends goes through PGlite's query() (the adapter's only entry point outside
// migrations and transactions' BEGIN/COMMIT).
let statements = 0;
const query = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite["query"]>) {
  statements++;
  return query.apply(this, args);
} as PGlite["query"];

const app = await buildApp(
  loadConfig({ DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "production" }),
);
const url = await app.start();
const { campaignId, postsByVersion } = await writeSampleCampaign(app.db, { key: "live-bench", initialOnly: true });
const postId = postsByVersion.get(1)?.at(-1);
if (!postId) throw new Error("the sample campaign has no posts");

serve({
  url,
  campaignId,
  postId,
  publish: (sequence) => app.events.publish("campaign", campaignId, benchEvent(campaignId, postId, sequence)),
  streams: openEventStreams,
  statements: () => statements,
  stop: () => app.stop(),
});
