import { randomUUID } from "node:crypto";
import { type FollowUpContext, proposeFollowUp } from "../ai/follow-up-writer.js";
import type { Db, DbTx } from "../db/client.js";
import { briefTextOf } from "../domain/brief.js";
import {
  checkFollowUpInput,
  type FollowUpInput,
  followUpPhase,
  type ProposedPost,
  targetPhaseProblem,
} from "../domain/follow-up.js";
import { badUserInput, notFound, versionConflict } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import { settleCampaignStatus } from "./campaign-status.js";
import { asLlmUnavailable } from "./model-failure.js";
import type { Caller, ContentJobs, Services } from "./services.js";
import { lockCampaignVersion } from "./version-lock.js";

export interface FollowUpRequest extends FollowUpInput {
  campaignId: string;
}

const FROM = "fromPostIds";

/**
 * One new post, proposed by the model, in the phase after the latest of the selected posts (the
 * phase is created if it does not exist), linked from each of them. It joins the current version
 * without bumping it: under the snapshot rule it belongs to that version and every later one, and
 * to no earlier one, so earlier versions read exactly as before. The model is asked outside any
 * transaction; then one transaction writes the post, its links and its content job.
 */
export async function createFollowUpPost(services: Services & Caller, request: FollowUpRequest): Promise<string> {
  const { db, llm, logger, workspaceId } = services;
  const campaign = await db.campaign.findFirst({ where: { id: request.campaignId, workspaceId } });
  if (!campaign) throw notFound("Campaign", request.campaignId);
  const checked = checkFollowUpInput(request);
  if (!checked.ok) throw badUserInput(checked.field, checked.rule);

  const fromPosts = await requireFromPosts(db, workspaceId, campaign.id, checked.fromPostIds);
  const targetPhase = await requireTargetPhase(db, campaign.id, followUpPhase(fromPosts.map((p) => p.phase)));
  const context: FollowUpContext = {
    brief: briefTextOf(campaign),
    fromPosts: fromPosts.map(({ title, description, platform, phase }) => ({ title, description, platform, phase })),
    targetPhase,
    prompt: checked.prompt,
  };
  const proposal = await proposeFollowUp(llm, context).catch(asLlmUnavailable(logger, "createFollowUpPost"));

  const followUp = { campaignId: campaign.id, postId: randomUUID(), fromPostIds: checked.fromPostIds, phase: targetPhase.number };
  await commitAndPublish(services, (tx) => writeFollowUp(tx, services.jobs, followUp, proposal));
  return followUp.postId;
}

/** The phase the follow-up goes into, its name if it exists and its active posts; BAD_USER_INPUT if it cannot take one more. */
async function requireTargetPhase(db: Db, campaignId: string, number: number): Promise<FollowUpContext["targetPhase"]> {
  const [phase, posts] = await Promise.all([
    db.strategyPhase.findFirst({ where: { campaignId, number, archivedInVersion: null }, select: { name: true } }),
    db.post.findMany({
      where: { campaignId, isActive: true, phase: number },
      select: { title: true, platform: true },
      orderBy: { position: "asc" },
    }),
  ]);
  const problem = targetPhaseProblem(number, posts.length);
  if (problem) throw badUserInput(FROM, problem);
  return { number, name: phase?.name ?? null, posts };
}

/** Where the follow-up goes: its new id, the posts that lead into it and its phase. */
interface FollowUp {
  campaignId: string;
  postId: string;
  fromPostIds: string[];
  phase: number;
}

/** The follow-up's transaction: the phase if new, the post, its links and content job, the version's post count. */
async function writeFollowUp(tx: DbTx, jobs: ContentJobs, followUp: FollowUp, proposal: ProposedPost) {
  const { campaignId, postId, phase } = followUp;
  const { version, position } = await requireStillFits(tx, followUp);
  const existing = await tx.strategyPhase.findFirst({ where: { campaignId, number: phase, archivedInVersion: null } });
  if (!existing)
    await tx.strategyPhase.create({
      data: { campaignId, number: phase, name: proposal.phaseName.trim(), createdInVersion: version },
    });
  await tx.post.create({
    data: {
      id: postId,
      campaignId,
      phase,
      position,
      title: proposal.title.trim(),
      description: proposal.description.trim(),
      platform: proposal.platform,
      version,
    },
  });
  await tx.postLink.createMany({
    data: followUp.fromPostIds.map((fromId) => ({ campaignId, fromId, toId: postId, createdInVersion: version })),
  });
  // Keeps createdPostCount equal to the posts of that version (postsByCampaign(version)).
  await tx.strategyVersion.update({
    where: { campaignId_number: { campaignId, number: version } },
    data: { createdPostCount: { increment: 1 } },
  });
  await jobs.enqueue(tx, [{ postId, generation: 1 }]);
  await settleCampaignStatus(tx, campaignId);
  return recordEvents(tx, campaignId, [{ type: "PostCreated", postId, version }]);
}

/**
 * Locks the campaign and returns its version and the follow-up's position in its phase.
 * A regeneration or restore may have committed while the model was thinking. The proposal still
 * fits as long as every selected post is still active: their phases, hence the target phase,
 * cannot have changed. VERSION_CONFLICT otherwise, or if the phase filled up meanwhile.
 */
async function requireStillFits(tx: DbTx, { campaignId, fromPostIds, phase }: FollowUp) {
  const version = await lockCampaignVersion(tx, campaignId);
  const stillActive = await tx.post.count({ where: { id: { in: fromPostIds }, isActive: true } });
  if (stillActive !== fromPostIds.length)
    throw versionConflict(version, "a selected post was archived while the follow-up was drafted");
  const position = await nextPosition(tx, campaignId, phase);
  const full = targetPhaseProblem(phase, position.count);
  if (full) throw versionConflict(version, `${full}, after a concurrent change`);
  return { version, position: position.next };
}

/**
 * The selected posts in the order given: NOT_FOUND for an unknown id (or another workspace's), BAD_USER_INPUT naming the
 * post when it belongs to another campaign or was archived.
 */
async function requireFromPosts(db: Db, workspaceId: string, campaignId: string, ids: string[]) {
  // Another workspace's posts are not found at all: their existence is not the caller's business.
  const rows = await db.post.findMany({
    where: { id: { in: ids }, campaign: { workspaceId } },
    select: {
      id: true,
      campaignId: true,
      isActive: true,
      archivedInVersion: true,
      phase: true,
      title: true,
      description: true,
      platform: true,
    },
  });
  const byId = new Map(rows.map((p) => [p.id, p]));
  return ids.map((id) => {
    const post = byId.get(id);
    if (!post) throw notFound("Post", id);
    if (post.campaignId !== campaignId)
      throw badUserInput(
        FROM,
        `post ${JSON.stringify(id)} belongs to another campaign; a follow-up follows posts of its own campaign`,
      );
    if (!post.isActive)
      throw badUserInput(
        FROM,
        `post ${JSON.stringify(id)} was archived in version ${post.archivedInVersion}; only posts of the current strategy can lead to a follow-up`,
      );
    return post;
  });
}

/** How many active posts the phase has, and the position after its last one. */
async function nextPosition(tx: DbTx, campaignId: string, phase: number) {
  const { _count, _max } = await tx.post.aggregate({
    where: { campaignId, isActive: true, phase },
    _count: { _all: true },
    _max: { position: true },
  });
  return { count: _count._all, next: (_max.position ?? -1) + 1 };
}
