import { randomUUID } from "node:crypto";
import { assertExpectedVersion } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Prisma } from "../generated/prisma/client.js";
import { settleCampaignStatus } from "./campaign-status.js";
import { requireCampaign, requireVersion } from "./campaigns.js";
import type { Caller, Services } from "./services.js";
import { loadSnapshot } from "./snapshots.js";
import { lockCampaignVersion } from "./version-lock.js";

export interface RestoreRequest {
  campaignId: string;
  version: number;
  expectedVersion?: number | null;
}

/**
 * Makes version V current again as version v+1: V's posts, links and phase names are copied into
 * new rows (with each post's latest A/B content), and everything active now is archived. Nothing
 * of any earlier version changes, so every version stays readable exactly as it was.
 */
export async function restoreVersion(
  { db, events, jobs, workspaceId }: Pick<Services, "db" | "events" | "jobs"> & Caller,
  request: RestoreRequest,
): Promise<string> {
  const campaign = await requireCampaign({ db, workspaceId }, request.campaignId);
  const campaignId = campaign.id;
  const source = requireVersion("version", request.version, campaign.currentVersion);
  assertExpectedVersion(request.expectedVersion, campaign.currentVersion);

  const snapshot = await loadSnapshot(db, campaignId, source);
  const posts = await db.post.findMany({
    where: { id: { in: snapshot.postIds } },
    include: { variants: { orderBy: { generation: "desc" } } },
  });
  const copyOf = new Map(snapshot.postIds.map((id) => [id, randomUUID()]));

  await commitAndPublish({ db, events }, async (tx) => {
    const base = await lockCampaignVersion(tx, campaignId);
    assertExpectedVersion(request.expectedVersion, base);
    const version = base + 1;
    const archived = await tx.post.findMany({ where: { campaignId, isActive: true }, select: { id: true } });
    await tx.campaign.updateMany({ where: { id: campaignId, currentVersion: base }, data: { currentVersion: version } });
    await tx.strategyVersion.create({
      data: {
        campaignId,
        number: version,
        kind: "RESTORE",
        restoredFrom: source,
        archivedPostCount: archived.length,
        createdPostCount: posts.length,
      },
    });
    await tx.post.updateMany({ where: { campaignId, isActive: true }, data: { isActive: false, archivedInVersion: version } });
    await tx.postLink.updateMany({ where: { campaignId, archivedInVersion: null }, data: { archivedInVersion: version } });
    await tx.strategyPhase.updateMany({ where: { campaignId, archivedInVersion: null }, data: { archivedInVersion: version } });

    await tx.strategyPhase.createMany({
      data: snapshot.phases.map((p) => ({ campaignId, number: p.number, name: p.name, createdInVersion: version })),
    });
    const latest = (post: (typeof posts)[number]) =>
      post.variants.filter((v) => v.generation === post.variants[0]?.generation).sort((a, b) => a.label.localeCompare(b.label));
    await tx.post.createMany({
      data: posts.map((p) => ({
        id: copyOf.get(p.id) as string,
        campaignId,
        phase: p.phase,
        position: p.position,
        title: p.title,
        description: p.description,
        platform: p.platform,
        version,
        copiedFromId: p.id,
        contentStatus: latest(p).length ? "READY" : "PENDING",
        selectedVariant: p.selectedVariant,
      })),
    });
    await tx.postLink.createMany({
      data: snapshot.links.map((l) => ({
        campaignId,
        fromId: copyOf.get(l.fromId) as string,
        toId: copyOf.get(l.toId) as string,
        createdInVersion: version,
      })),
    });
    const variants: Prisma.ContentVariantCreateManyInput[] = posts.flatMap((p) =>
      latest(p).map((v) => ({
        postId: copyOf.get(p.id) as string,
        label: v.label,
        generation: 1,
        text: v.text,
        mediaPath: v.mediaPath,
        mediaCaption: v.mediaCaption,
      })),
    );
    await tx.contentVariant.createMany({ data: variants });
    // Posts whose content never got written (archived before their job ran) get it now.
    await jobs.enqueue(
      tx,
      posts.filter((p) => latest(p).length === 0).map((p) => ({ postId: copyOf.get(p.id) as string, generation: 1 })),
    );
    await settleCampaignStatus(tx, campaignId);
    return recordEvents(tx, campaignId, [
      { type: "StrategyRegenerated", version, kind: "RESTORE", fromPhase: 1, archivedPostIds: archived.map((p) => p.id) },
      ...posts.map((p) => ({ type: "PostCreated" as const, postId: copyOf.get(p.id) as string, version })),
    ]);
  });
  return campaignId;
}
