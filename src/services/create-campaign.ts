import { randomUUID } from "node:crypto";
import { planStrategy } from "../ai/planner.js";
import { insertRows } from "../db/bulk-insert.js";
import type { Brief } from "../domain/brief.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import { asLlmUnavailable } from "./model-failure.js";
import { planRows } from "./plan-rows.js";
import type { Caller, Services } from "./services.js";

/**
 * Drafts the plan with the model (outside any transaction), then writes the campaign, version 1
 * and its phases, posts and links in one transaction, with a content job and a PostCreated event
 * per post (published after commit). A model failure writes nothing.
 */
export async function createCampaign(
  { db, llm, logger, events, jobs, workspaceId }: Services & Caller,
  brief: Brief,
): Promise<string> {
  const plan = await planStrategy(llm, brief).catch(asLlmUnavailable(logger, "createCampaign"));
  const campaignId = randomUUID();
  const rows = planRows(plan, campaignId, 1);
  await commitAndPublish({ db, events }, async (tx) => {
    await tx.campaign.create({
      data: {
        id: campaignId,
        workspaceId,
        name: brief.name,
        productDescription: brief.productDescription,
        gtmGoals: brief.gtmGoals,
        phaseCount: brief.phaseCount,
        status: "GENERATING_CONTENT",
        plannerModel: llm.name,
      },
    });
    await tx.strategyVersion.create({ data: { campaignId, number: 1, kind: "INITIAL", createdPostCount: rows.posts.length } });
    await insertRows(tx, "StrategyPhase", rows.phases);
    await insertRows(tx, "Post", rows.posts);
    await insertRows(tx, "PostLink", rows.links);
    await jobs.enqueue(
      tx,
      rows.posts.map((p) => ({ postId: p.id as string, generation: 1 })),
    );
    return recordEvents(
      tx,
      campaignId,
      rows.posts.map((p) => ({ type: "PostCreated" as const, postId: p.id as string, version: 1 })),
    );
  });
  return campaignId;
}
