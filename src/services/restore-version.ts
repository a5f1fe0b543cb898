import { randomUUID } from "node:crypto";
import type { Db, DbTx } from "../db/client.js";
import { assertExpectedVersion } from "../errors.js";
import { commitAndPublish, recordEvents } from "../events/outbox.js";
import type { Prisma } from "../generated/prisma/client.js";
import { settleCampaignStatus } from "./campaign-status.js";
import { requireCampaign, requireVersion } from "./campaigns.js";
import { latestVariants, WITH_VARIANTS } from "./posts.js";
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
  const restored = await readVersion(db, campaignId, source);

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
        createdPostCount: restored.posts.length,
      },
    });
    await archiveEverything(tx, campaignId, version);
    const rows = copiedRows(restored, campaignId, version);
    await tx.strategyPhase.createMany({ data: rows.phases });
    await tx.post.createMany({ data: rows.posts });
    await tx.postLink.createMany({ data: rows.links });
    await tx.contentVariant.createMany({ data: rows.variants });
    // Posts whose content never got written (archived before their job ran) get it now.
    await jobs.enqueue(tx, rows.jobs);
    await settleCampaignStatus(tx, campaignId);
    return recordEvents(tx, campaignId, [
      { type: "StrategyRegenerated", version, kind: "RESTORE", fromPhase: 1, archivedPostIds: archived.map((p) => p.id) },
      ...rows.posts.map((p) => ({ type: "PostCreated" as const, postId: p.id as string, version })),
    ]);
  });
  return campaignId;
}

/** Version `source` as it stood, its posts with every variant (latest generation first), and a new id for each post. */
async function readVersion(db: Db, campaignId: string, source: number) {
  const snapshot = await loadSnapshot(db, campaignId, source);
  const posts = await db.post.findMany({
    where: { id: { in: snapshot.postIds } },
    include: WITH_VARIANTS,
  });
  const copyOf = new Map(snapshot.postIds.map((id) => [id, randomUUID()]));
  return { snapshot, posts, copyOf };
}

type RestoredVersion = Awaited<ReturnType<typeof readVersion>>;

/** Archives every active post, link and phase name of the campaign in `version`. */
async function archiveEverything(tx: DbTx, campaignId: string, version: number) {
  await tx.post.updateMany({ where: { campaignId, isActive: true }, data: { isActive: false, archivedInVersion: version } });
  await tx.postLink.updateMany({ where: { campaignId, archivedInVersion: null }, data: { archivedInVersion: version } });
  await tx.strategyPhase.updateMany({ where: { campaignId, archivedInVersion: null }, data: { archivedInVersion: version } });
}

/**
 * The restored version's rows in `version`: its phase names, a copy of each post (READY when it
 * had content, with its latest A/B variants as generation 1), its links between the copies, and a
 * content job for each copy that had none.
 */
function copiedRows({ snapshot, posts, copyOf }: RestoredVersion, campaignId: string, version: number) {
  const idOf = (id: string) => copyOf.get(id) as string;
  const phases: Prisma.StrategyPhaseCreateManyInput[] = snapshot.phases.map((p) => ({
    campaignId,
    number: p.number,
    name: p.name,
    createdInVersion: version,
  }));
  const copies: Prisma.PostCreateManyInput[] = posts.map((p) => ({
    id: idOf(p.id),
    campaignId,
    phase: p.phase,
    position: p.position,
    title: p.title,
    description: p.description,
    platform: p.platform,
    version,
    copiedFromId: p.id,
    contentStatus: latestVariants(p).length ? "READY" : "PENDING",
    selectedVariant: p.selectedVariant,
  }));
  const links: Prisma.PostLinkCreateManyInput[] = snapshot.links.map((l) => ({
    campaignId,
    fromId: idOf(l.fromId),
    toId: idOf(l.toId),
    createdInVersion: version,
  }));
  const variants: Prisma.ContentVariantCreateManyInput[] = posts.flatMap((p) =>
    latestVariants(p).map((v) => ({
      postId: idOf(p.id),
      label: v.label,
      generation: 1,
      text: v.text,
      mediaPath: v.mediaPath,
      mediaCaption: v.mediaCaption,
      abDimension: v.abDimension,
      approach: v.approach,
    })),
  );
  const jobs = posts.filter((p) => latestVariants(p).length === 0).map((p) => ({ postId: idOf(p.id), generation: 1 }));
  return { phases, posts: copies, links, variants, jobs };
}
