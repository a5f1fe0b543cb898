import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { evaluateTriggerCheck } from "../../src/services/trigger-check.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";

// TriggerFired events logged before they recorded their trigger: the migration copies the post's
// trigger into the latest one of a post whose trigger has not changed since it fired, and no other.

const MIGRATION = new URL("../../prisma/migrations/20261203160000_trigger_fired_payload/migration.sql", import.meta.url);
const CreateCampaign = graphql(`
  mutation TriggerMigrationCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id strategy { posts { id } } } }
  }
`);
const SetTrigger = graphql(`
  mutation TriggerMigrationSet($postId: ID!, $text: String!) {
    setTrigger(input: { postId: $postId, text: $text }) { post { id } }
  }
`);
const Approve = graphql(`
  mutation TriggerMigrationApprove($id: ID!) {
    approvePost(input: { postId: $id }) { post { publishedAt } }
  }
`);
const Fired = graphql(`
  subscription TriggerMigrationFired($id: ID!, $after: Int) {
    campaignEvents(campaignId: $id, afterSequence: $after) {
      ... on TriggerFiredEvent { trigger { metric comparison value durationSeconds action firedAt } }
    }
  }
`);

let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  await api.startWorkers();
});
afterAll(async () => {
  await t?.close();
});

/** A post whose trigger fired an hour after it was published; the TriggerFired event's sequence. */
async function firedPost(key: string) {
  const { createCampaign } = await api.data(CreateCampaign, {
    input: {
      name: key,
      productDescription: "Janus – AI-powered GTM OS for technical founders",
      gtmGoals: "100 users in 4 weeks",
    },
  });
  const { id } = createCampaign.campaign;
  const postId = createCampaign.campaign.strategy.posts[0]?.id as string;
  await until(async () => (await t.db.post.findUniqueOrThrow({ where: { id: postId } })).contentStatus === "READY");
  await api.data(SetTrigger, { postId, text: "fewer than 5 likes within 1 hour, rewrite with a more technical hook" });
  const { approvePost } = await api.data(Approve, { id: postId });
  const firedAt = new Date(new Date(approvePost.post.publishedAt as string).getTime() + 3_600_000);
  expect(await evaluateTriggerCheck(api.services, { postId }, () => firedAt)).toBe("fired");
  const { sequence } = await t.db.eventLog.findFirstOrThrow({ where: { campaignId: id, type: "TriggerFired" } });
  return { id, postId, sequence, firedAt };
}

/** The event as it was logged before this change: its post id alone. */
const forgetTrigger = (campaignId: string, sequence: number) =>
  t.db
    .$executeRaw`UPDATE "EventLog" SET "payload" = "payload" - 'trigger' - 'firedAt' WHERE "campaignId" = ${campaignId} AND "sequence" = ${sequence}`;

it("gives an old TriggerFired event its trigger back when the post's is the one that fired, and refuses to guess otherwise", async () => {
  const unchanged = await firedPost("unchanged");
  const replaced = await firedPost("replaced");
  const recorded = await api.firstEvent(Fired, { id: unchanged.id, after: unchanged.sequence - 1 });
  expect(recorded.data?.campaignEvents).toEqual({
    trigger: {
      metric: "LIKES",
      comparison: "LESS_THAN",
      value: 5,
      durationSeconds: 3600,
      action: "rewrite with a more technical hook",
      firedAt: unchanged.firedAt.toISOString(),
    },
  });
  await api.data(SetTrigger, { postId: replaced.postId, text: "more than 50 retweets within 2 hours, thank the community" });
  await forgetTrigger(unchanged.id, unchanged.sequence);
  await forgetTrigger(replaced.id, replaced.sequence);

  await t.db.$executeRawUnsafe(await readFile(MIGRATION, "utf8"));

  expect(await api.firstEvent(Fired, { id: unchanged.id, after: unchanged.sequence - 1 })).toEqual(recorded);
  const logged = api.logged.length;
  const unknown = await api.firstEvent(Fired, { id: replaced.id, after: replaced.sequence - 1 });
  expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(["INTERNAL_SERVER_ERROR"]);
  expect(JSON.stringify(unknown)).not.toContain("RETWEETS");
  expect(String(api.logged.slice(logged))).toContain(`TriggerFired event ${replaced.sequence} does not record its trigger`);
});
