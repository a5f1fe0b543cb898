import { createHash } from "node:crypto";
import { planRegeneration } from "../ai/planner.js";
import { insertRows } from "../db/bulk-insert.js";
import type { DbTx } from "../db/client.js";
import { briefOf } from "../domain/brief.js";
import {
  directionProblem,
  idempotencyKeyProblem,
  phaseNumProblem,
  type RegenerationProblem,
  regeneratedPhaseCount,
} from "../domain/regeneration.js";
import { assertExpectedVersion, badUserInput, notFound, versionConflict } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Prisma } from "../generated/prisma/client.js";
import { markGeneratingContent, settleCampaignStatus } from "./campaign-status.js";
import { asLlmUnavailable } from "./model-failure.js";
import { planRows } from "./plan-rows.js";
import type { Caller, Services } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

export interface RegenerateRequest {
  campaignId: string;
  phaseNum: number;
  newDirection: string;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

/** What a regeneration did; stored with its version so that a repeated request gets it back. */
export interface RegenerationResult {
  campaignId: string;
  version: number;
  archivedPostIds: string[];
  newPostIds: string[];
}

/**
 * Replans the campaign from phase N onwards in a new direction (DESIGN.md, "Regeneration"):
 * idempotency first, then validation, then the model (outside any transaction), then one
 * transaction that bumps the version only from the one it read, archives phases ≥ N and every link
 * touching them, and writes the new posts and links with a content job each. Posts and links
 * before N are untouched.
 */
export async function regenerateStrategy(services: Services & Caller, request: RegenerateRequest): Promise<RegenerationResult> {
  const { db, llm, logger, jobs, workspaceId } = services;
  const campaign = await db.campaign.findFirst({ where: { id: request.campaignId, workspaceId } });
  if (!campaign) throw notFound("Campaign", request.campaignId);
  const campaignId = campaign.id;
  const direction = request.newDirection.trim();
  const key = request.idempotencyKey ?? undefined;
  const requestHash = createHash("sha256")
    .update(JSON.stringify([request.phaseNum, direction, request.expectedVersion ?? null]))
    .digest("hex");

  if (key !== undefined) {
    refuse(idempotencyKeyProblem(key));
    const earlier = await storedResult(services, campaignId, key, requestHash);
    if (earlier) return earlier;
  }
  refuse(directionProblem(request.newDirection));

  const active = await db.post.findMany({
    where: { campaignId, isActive: true },
    select: { id: true, phase: true, title: true, description: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const lastActivePhase = Math.max(0, ...active.map((p) => p.phase));
  refuse(phaseNumProblem(request.phaseNum, lastActivePhase));
  const readVersion = campaign.currentVersion;
  assertExpectedVersion(request.expectedVersion, readVersion);

  const firstPhase = request.phaseNum;
  const kept = active.filter((p) => p.phase < firstPhase);
  const plan = await planRegeneration(llm, {
    brief: briefOf(campaign),
    newDirection: direction,
    firstPhase,
    phaseCount: regeneratedPhaseCount(firstPhase, lastActivePhase),
    keptPosts: kept,
  }).catch(asLlmUnavailable(logger, "regenerateStrategy"));

  try {
    const { result } = await commitAndPublish(services, async (tx) => {
      const base = await lockCampaignVersion(tx, campaignId);
      assertExpectedVersion(request.expectedVersion, base);
      // Someone committed while the model was planning. The plan still fits when the posts it keeps
      // are exactly the ones it was planned against (e.g. both regenerated from the same phase).
      const current = await tx.post.findMany({ where: { campaignId, isActive: true }, select: { id: true, phase: true } });
      const keptNow = current.filter((p) => p.phase < firstPhase).map((p) => p.id);
      if (
        base !== readVersion &&
        !sameSet(
          keptNow,
          kept.map((p) => p.id),
        )
      )
        throw versionConflict(base, "the posts before the regenerated phase changed while the plan was drafted");
      const version = base + 1;
      const rows = planRows(plan, campaignId, version);
      const result: RegenerationResult = {
        campaignId,
        version,
        archivedPostIds: current.filter((p) => p.phase >= firstPhase).map((p) => p.id),
        newPostIds: rows.posts.map((p) => p.id as string),
      };
      await tx.campaign.updateMany({ where: { id: campaignId, currentVersion: base }, data: { currentVersion: version } });
      await tx.strategyVersion.create({
        data: {
          campaignId,
          number: version,
          kind: "REGENERATION",
          fromPhase: firstPhase,
          direction,
          archivedPostCount: result.archivedPostIds.length,
          createdPostCount: result.newPostIds.length,
          idempotencyKey: key,
          requestHash: key === undefined ? null : requestHash,
          result: result as unknown as Prisma.InputJsonValue,
        },
      });
      await archiveFromPhase(tx, campaignId, firstPhase, result.archivedPostIds, version);
      await insertRows(tx, "StrategyPhase", rows.phases);
      await insertRows(tx, "Post", rows.posts);
      await insertRows(tx, "PostLink", rows.links);
      await jobs.enqueue(
        tx,
        result.newPostIds.map((postId) => ({ postId, generation: 1 })),
      );
      await (rows.posts.length ? markGeneratingContent : settleCampaignStatus)(tx, campaignId);
      const recorded = await recordEvents(tx, campaignId, [
        {
          type: "StrategyRegenerated",
          version,
          kind: "REGENERATION",
          fromPhase: firstPhase,
          archivedPostIds: result.archivedPostIds,
        },
        ...result.newPostIds.map((postId) => ({ type: "PostCreated" as const, postId, version })),
      ]);
      return { result, events: recorded };
    });
    return result;
  } catch (error) {
    // The same key committed concurrently: answer as if this request had come second.
    const earlier = key === undefined ? undefined : await storedResult(services, campaignId, key, requestHash);
    if (earlier) return earlier;
    throw error;
  }
}

/** Archives the given posts, every link touching them and the names of phases ≥ firstPhase. */
async function archiveFromPhase(tx: DbTx, campaignId: string, firstPhase: number, postIds: string[], version: number) {
  await tx.post.updateMany({ where: { id: { in: postIds } }, data: { isActive: false, archivedInVersion: version } });
  await tx.postLink.updateMany({
    where: { campaignId, archivedInVersion: null, OR: [{ fromId: { in: postIds } }, { toId: { in: postIds } }] },
    data: { archivedInVersion: version },
  });
  await tx.strategyPhase.updateMany({
    where: { campaignId, archivedInVersion: null, number: { gte: firstPhase } },
    data: { archivedInVersion: version },
  });
}

/** The stored result of an earlier request with this key; BAD_USER_INPUT if its arguments differed. */
async function storedResult({ db }: Services, campaignId: string, key: string, requestHash: string) {
  const earlier = await db.strategyVersion.findUnique({
    where: { campaignId_idempotencyKey: { campaignId, idempotencyKey: key } },
    select: { requestHash: true, result: true },
  });
  if (!earlier) return undefined;
  if (earlier.requestHash !== requestHash)
    throw badUserInput("idempotencyKey", "was already used for this campaign with other arguments");
  return earlier.result as unknown as RegenerationResult;
}

/** BAD_USER_INPUT naming the argument, if a rule is broken. */
function refuse(problem: RegenerationProblem | null) {
  if (problem) throw badUserInput(problem.field, problem.rule);
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;
