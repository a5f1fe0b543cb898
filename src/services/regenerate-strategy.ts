import { createHash } from "node:crypto";
import { planRegeneration } from "../ai/planner.js";
import { insertRows } from "../db/bulk-insert.js";
import type { DbTx } from "../db/client.js";
import { briefOf } from "../domain/brief.js";
import type { StrategyPlan } from "../domain/plan.js";
import {
  directionProblem,
  idempotencyKeyProblem,
  phaseNumProblem,
  type RegenerationProblem,
  regeneratedPhaseCount,
} from "../domain/regeneration.js";
import { assertExpectedVersion, badUserInput, notFound, versionConflict } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Campaign, Prisma } from "../generated/prisma/client.js";
import { markGeneratingContent, settleCampaignStatus } from "./campaign-status.js";
import { asLlmUnavailable } from "./model-failure.js";
import { planRows } from "./plan-rows.js";
import type { Caller, ContentJobs, Services } from "./services.js";
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
  const campaign = await services.db.campaign.findFirst({ where: { id: request.campaignId, workspaceId: services.workspaceId } });
  if (!campaign) throw notFound("Campaign", request.campaignId);
  const replay = replayOf(campaign.id, request);
  if (replay.key !== undefined) refuse(idempotencyKeyProblem(replay.key));
  const earlier = await storedResult(services, replay);
  if (earlier) return earlier;
  refuse(directionProblem(request.newDirection));
  const draft = await draftPlan(services, campaign, request);
  try {
    const { result } = await commitAndPublish(services, (tx) => writeRegeneration(tx, services.jobs, draft, replay));
    return result;
  } catch (error) {
    // The same key committed concurrently: answer as if this request had come second.
    const earlier = await storedResult(services, replay);
    if (earlier) return earlier;
    throw error;
  }
}

/** What makes a repeated request recognisable: its key, if any, and a hash of its arguments. */
interface Replay {
  campaignId: string;
  key: string | undefined;
  requestHash: string;
}

const replayOf = (campaignId: string, request: RegenerateRequest): Replay => ({
  campaignId,
  key: request.idempotencyKey ?? undefined,
  requestHash: createHash("sha256")
    .update(JSON.stringify([request.phaseNum, request.newDirection.trim(), request.expectedVersion ?? null]))
    .digest("hex"),
});

/** The model's plan for a request that passed every rule, and what it was planned against. */
interface Draft {
  campaignId: string;
  firstPhase: number;
  direction: string;
  expectedVersion: number | null | undefined;
  /** The version the posts were read at, and the ones the plan keeps (those before firstPhase). */
  readVersion: number;
  keptPostIds: string[];
  plan: StrategyPlan;
}

/** Checks phaseNum and expectedVersion against the active posts, then asks the model (outside any transaction). */
async function draftPlan({ db, llm, logger }: Services, campaign: Campaign, request: RegenerateRequest): Promise<Draft> {
  const active = await db.post.findMany({
    where: { campaignId: campaign.id, isActive: true },
    select: { id: true, phase: true, title: true, description: true },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const lastActivePhase = Math.max(0, ...active.map((p) => p.phase));
  refuse(phaseNumProblem(request.phaseNum, lastActivePhase));
  assertExpectedVersion(request.expectedVersion, campaign.currentVersion);

  const firstPhase = request.phaseNum;
  const direction = request.newDirection.trim();
  const kept = active.filter((p) => p.phase < firstPhase);
  const plan = await planRegeneration(llm, {
    brief: briefOf(campaign),
    newDirection: direction,
    firstPhase,
    phaseCount: regeneratedPhaseCount(firstPhase, lastActivePhase),
    keptPosts: kept,
  }).catch(asLlmUnavailable(logger, "regenerateStrategy"));
  return {
    campaignId: campaign.id,
    firstPhase,
    direction,
    expectedVersion: request.expectedVersion,
    readVersion: campaign.currentVersion,
    keptPostIds: kept.map((p) => p.id),
    plan,
  };
}

/** The regeneration's transaction: the new version, the archive, the new rows and their jobs and events. */
async function writeRegeneration(tx: DbTx, jobs: ContentJobs, draft: Draft, replay: Replay) {
  const { campaignId, firstPhase } = draft;
  const base = await lockCampaignVersion(tx, campaignId);
  assertExpectedVersion(draft.expectedVersion, base);
  const current = await requirePlanStillFits(tx, draft, base);
  const version = base + 1;
  const rows = planRows(draft.plan, campaignId, version);
  const result: RegenerationResult = {
    campaignId,
    version,
    archivedPostIds: current.filter((p) => p.phase >= firstPhase).map((p) => p.id),
    newPostIds: rows.posts.map((p) => p.id as string),
  };
  await createVersion(tx, draft, replay, base, result);
  await archiveFromPhase(tx, campaignId, firstPhase, result.archivedPostIds, version);
  await insertRows(tx, "StrategyPhase", rows.phases);
  await insertRows(tx, "Post", rows.posts);
  await insertRows(tx, "PostLink", rows.links);
  await jobs.enqueue(
    tx,
    result.newPostIds.map((postId) => ({ postId, generation: 1 })),
  );
  await (rows.posts.length ? markGeneratingContent : settleCampaignStatus)(tx, campaignId);
  const events = await recordEvents(tx, campaignId, [
    {
      type: "StrategyRegenerated",
      version,
      kind: "REGENERATION",
      fromPhase: firstPhase,
      archivedPostIds: result.archivedPostIds,
    },
    ...result.newPostIds.map((postId) => ({ type: "PostCreated" as const, postId, version })),
  ]);
  return { result, events };
}

/**
 * The campaign's active posts under the lock. If someone committed while the model was planning,
 * the plan still fits when the posts it keeps are exactly the ones it was planned against (e.g.
 * both regenerated from the same phase); otherwise VERSION_CONFLICT.
 */
async function requirePlanStillFits(tx: DbTx, draft: Draft, base: number) {
  const current = await tx.post.findMany({
    where: { campaignId: draft.campaignId, isActive: true },
    select: { id: true, phase: true },
  });
  const keptNow = current.filter((p) => p.phase < draft.firstPhase).map((p) => p.id);
  if (base !== draft.readVersion && !sameSet(keptNow, draft.keptPostIds))
    throw versionConflict(base, "the posts before the regenerated phase changed while the plan was drafted");
  return current;
}

/** Makes version base+1 current, recorded with its request and result (for a repeated request). */
async function createVersion(tx: DbTx, draft: Draft, replay: Replay, base: number, result: RegenerationResult) {
  const { campaignId, version } = result;
  await tx.campaign.updateMany({ where: { id: campaignId, currentVersion: base }, data: { currentVersion: version } });
  await tx.strategyVersion.create({
    data: {
      campaignId,
      number: version,
      kind: "REGENERATION",
      fromPhase: draft.firstPhase,
      direction: draft.direction,
      archivedPostCount: result.archivedPostIds.length,
      createdPostCount: result.newPostIds.length,
      idempotencyKey: replay.key,
      requestHash: replay.key === undefined ? null : replay.requestHash,
      result: result as unknown as Prisma.InputJsonValue,
    },
  });
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

/** The stored result of an earlier request with this key (none without a key); BAD_USER_INPUT if its arguments differed. */
async function storedResult({ db }: Services, { campaignId, key, requestHash }: Replay) {
  if (key === undefined) return undefined;
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
