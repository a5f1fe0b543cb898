// The snapshot rule (DESIGN.md, "Versioning model"): a post or link belongs to version V iff it was
// created in V or earlier and is not archived, or archived in a later version. Every version's
// strategy, and every diff between versions, is computed from this rule alone.

export interface VersionedPost {
  id: string;
  phase: number;
  position: number;
  version: number;
  archivedInVersion: number | null;
}

export interface VersionedLink {
  id: string;
  fromId: string;
  toId: string;
  createdInVersion: number;
  archivedInVersion: number | null;
}

export interface Snapshot<P extends VersionedPost, L extends VersionedLink> {
  version: number;
  /** Ordered by phase, then position (then id, so ties are stable). */
  posts: P[];
  /** Only links whose both ends are in the snapshot, in the order of their ends. */
  links: L[];
}

export const belongsToVersion = (created: number, archived: number | null, v: number): boolean =>
  created <= v && (archived === null || archived > v);

const byPhaseThenPosition = (a: VersionedPost, b: VersionedPost) =>
  a.phase - b.phase || a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The posts and links of version `v`. */
export function snapshotAt<P extends VersionedPost, L extends VersionedLink>(posts: P[], links: L[], v: number): Snapshot<P, L> {
  const kept = posts.filter((p) => belongsToVersion(p.version, p.archivedInVersion, v)).sort(byPhaseThenPosition);
  const order = new Map(kept.map((p, i) => [p.id, i]));
  const rank = (id: string) => order.get(id) ?? -1;
  const keptLinks = links
    .filter((l) => belongsToVersion(l.createdInVersion, l.archivedInVersion, v) && order.has(l.fromId) && order.has(l.toId))
    .sort((a, b) => rank(a.fromId) - rank(b.fromId) || rank(a.toId) - rank(b.toId));
  return { version: v, posts: kept, links: keptLinks };
}

/** Posts grouped by phase, phases ascending, each keeping the order it was given. */
export function groupByPhase<P extends { phase: number }>(posts: P[]): { number: number; posts: P[] }[] {
  const groups = Map.groupBy(posts, (p) => p.phase);
  return [...groups.keys()].sort((a, b) => a - b).map((number) => ({ number, posts: groups.get(number) ?? [] }));
}
