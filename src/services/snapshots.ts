import type { Db } from "../db/client.js";
import { renderMermaid } from "../domain/mermaid.js";
import { groupByPhase, snapshotAt } from "../domain/snapshot.js";
import { diffSnapshots } from "../domain/version-diff.js";

/** The rows that belong to version `v` under the snapshot rule, as a Prisma filter. */
const inVersion = (v: number, created: "version" | "createdInVersion") => ({
  [created]: { lte: v },
  OR: [{ archivedInVersion: null }, { archivedInVersion: { gt: v } }],
});

export interface StrategySnapshot {
  campaignId: string;
  version: number;
  /** Post ids in phase, then position order. */
  postIds: string[];
  links: { id: string; fromId: string; toId: string }[];
  phases: { number: number; name: string; posts: { id: string; title: string; platform: string }[] }[];
}

/** The snapshot as a Mermaid flowchart. */
export const snapshotMermaid = (s: StrategySnapshot) => renderMermaid({ phases: s.phases, links: s.links });

/** The strategy graph exactly as it stood at `version`: three statements whatever its size. */
export async function loadSnapshot(db: Db, campaignId: string, version: number): Promise<StrategySnapshot> {
  const [posts, links, phaseNames] = await Promise.all([
    db.post.findMany({
      where: { campaignId, ...inVersion(version, "version") },
      select: { id: true, phase: true, position: true, version: true, archivedInVersion: true, title: true, platform: true },
    }),
    db.postLink.findMany({
      where: { campaignId, ...inVersion(version, "createdInVersion") },
      select: { id: true, fromId: true, toId: true, createdInVersion: true, archivedInVersion: true },
    }),
    db.strategyPhase.findMany({
      where: { campaignId, ...inVersion(version, "createdInVersion") },
      select: { number: true, name: true },
    }),
  ]);
  const snapshot = snapshotAt(posts, links, version);
  const names = new Map(phaseNames.map((p) => [p.number, p.name]));
  return {
    campaignId,
    version,
    postIds: snapshot.posts.map((p) => p.id),
    links: snapshot.links.map(({ id, fromId, toId }) => ({ id, fromId, toId })),
    phases: groupByPhase(snapshot.posts).map((phase) => ({
      number: phase.number,
      name: names.get(phase.number) ?? `Phase ${phase.number}`,
      posts: phase.posts,
    })),
  };
}

export interface VersionComparison {
  from: number;
  to: number;
  addedPostIds: string[];
  removedPostIds: string[];
  keptPostIds: string[];
  addedLinkIds: string[];
  removedLinkIds: string[];
}

/** What changed between two versions, by row: restored posts are new rows, so they count as added. */
export async function compareSnapshots(db: Db, campaignId: string, from: number, to: number): Promise<VersionComparison> {
  const [a, b] = await Promise.all([loadSnapshot(db, campaignId, from), loadSnapshot(db, campaignId, to)]);
  const asDiffInput = (s: StrategySnapshot) => ({ posts: s.postIds.map((id) => ({ id })), links: s.links });
  const diff = diffSnapshots(asDiffInput(a), asDiffInput(b));
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  return {
    from,
    to,
    addedPostIds: ids(diff.addedPosts),
    removedPostIds: ids(diff.removedPosts),
    keptPostIds: ids(diff.keptPosts),
    addedLinkIds: ids(diff.addedLinks),
    removedLinkIds: ids(diff.removedLinks),
  };
}
