// `npm run seed`: writes the sample campaign (three versions of history) into the configured database.

import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { fixtureId, writeSampleCampaign } from "../fixtures/sample-history.js";
import { runCli } from "./run-cli.js";

await runCli(async () => {
  const { db } = await openDatabase(loadConfig().database);
  try {
    const id = fixtureId("sample", "campaign");
    if (await db.campaign.findUnique({ where: { id }, select: { id: true } })) {
      console.log(`The sample campaign is already there: ${id}`);
    } else {
      const { campaignId, postsByVersion } = await writeSampleCampaign(db);
      console.log(`Seeded the sample campaign ${campaignId} with ${postsByVersion.size} versions of history.`);
    }
  } finally {
    await db.$disconnect();
  }
});
process.exit(); // the migration engine leaves a timer behind
