// What changed between two snapshots, by row id. A restore copies posts into new rows, so restored
// posts show up as added (with new ids) and the rows they replace as removed: history is never
// rewritten, and the diff says exactly which rows each version holds.

interface Row {
  id: string;
}

export interface VersionDiff<P extends Row, L extends Row> {
  addedPosts: P[];
  removedPosts: P[];
  keptPosts: P[];
  addedLinks: L[];
  removedLinks: L[];
}

export function diffSnapshots<P extends Row, L extends Row>(
  from: { posts: P[]; links: L[] },
  to: { posts: P[]; links: L[] },
): VersionDiff<P, L> {
  const ids = (rows: Row[]) => new Set(rows.map((r) => r.id));
  const fromPosts = ids(from.posts);
  const toPosts = ids(to.posts);
  const fromLinks = ids(from.links);
  const toLinks = ids(to.links);
  return {
    addedPosts: to.posts.filter((p) => !fromPosts.has(p.id)),
    removedPosts: from.posts.filter((p) => !toPosts.has(p.id)),
    keptPosts: to.posts.filter((p) => fromPosts.has(p.id)),
    addedLinks: to.links.filter((l) => !fromLinks.has(l.id)),
    removedLinks: from.links.filter((l) => !toLinks.has(l.id)),
  };
}
