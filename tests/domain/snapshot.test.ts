import { describe, expect, it } from "vitest";
import { belongsToVersion, groupByPhase, snapshotAt, type VersionedLink, type VersionedPost } from "../../src/domain/snapshot.js";

const post = (
  id: string,
  phase: number,
  position: number,
  version: number,
  archivedInVersion: number | null = null,
): VersionedPost => ({
  id,
  phase,
  position,
  version,
  archivedInVersion,
});
const link = (
  fromId: string,
  toId: string,
  createdInVersion: number,
  archivedInVersion: number | null = null,
): VersionedLink => ({
  id: `${fromId}>${toId}@${createdInVersion}`,
  fromId,
  toId,
  createdInVersion,
  archivedInVersion,
});

describe("the snapshot rule", () => {
  it("includes a row from the version that created it", () => {
    expect(belongsToVersion(2, null, 2)).toBe(true);
    expect(belongsToVersion(2, null, 1)).toBe(false);
  });

  it("excludes a row from the version that archived it, and includes it just before", () => {
    expect(belongsToVersion(1, 3, 3)).toBe(false);
    expect(belongsToVersion(1, 3, 2)).toBe(true);
    expect(belongsToVersion(1, 3, 4)).toBe(false);
  });
});

// v1: phases 1–3 (a1 a2 | b1 b2 | c1). v2: regenerated from phase 2 (b*, c1 archived in 2; n1 n2
// new). v3: restore of v1 (everything current archived in 3; copies r* of the v1 posts).
const posts = [
  post("a1", 1, 0, 1, 3),
  post("a2", 1, 1, 1, 3),
  post("b1", 2, 0, 1, 2),
  post("b2", 2, 1, 1, 2),
  post("c1", 3, 0, 1, 2),
  post("n1", 2, 0, 2, 3),
  post("n2", 3, 0, 2, 3),
  post("ra1", 1, 0, 3),
  post("ra2", 1, 1, 3),
  post("rb1", 2, 0, 3),
  post("rb2", 2, 1, 3),
  post("rc1", 3, 0, 3),
];
const links = [
  link("a1", "a2", 1, 3), // a link between two kept posts survives the regeneration
  link("a1", "b1", 1, 2),
  link("a1", "b2", 1, 2), // branch
  link("b1", "c1", 1, 2),
  link("b2", "c1", 1, 2), // merge
  link("a2", "n1", 2, 3),
  link("n1", "n2", 2, 3),
  link("ra1", "rb1", 3),
  link("rb1", "rc1", 3),
];
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("snapshotAt", () => {
  it("returns exactly the posts of each version of a three-version history", () => {
    expect(ids(snapshotAt(posts, links, 1).posts)).toEqual(["a1", "a2", "b1", "b2", "c1"]);
    expect(ids(snapshotAt(posts, links, 2).posts)).toEqual(["a1", "a2", "n1", "n2"]);
    expect(ids(snapshotAt(posts, links, 3).posts)).toEqual(["ra1", "ra2", "rb1", "rb2", "rc1"]);
  });

  it("keeps links between kept posts and drops those touching archived posts", () => {
    const at = (v: number) => snapshotAt(posts, links, v).links.map((l) => `${l.fromId}>${l.toId}`);
    expect(at(1)).toEqual(["a1>a2", "a1>b1", "a1>b2", "b1>c1", "b2>c1"]);
    expect(at(2)).toEqual(["a1>a2", "a2>n1", "n1>n2"]);
    expect(at(3)).toEqual(["ra1>rb1", "rb1>rc1"]);
  });

  it("never returns a link whose end is missing from the version", () => {
    const dangling = [link("a1", "ghost", 1), link("ghost", "b1", 1)];
    expect(snapshotAt(posts, dangling, 1).links).toEqual([]);
  });

  it("orders posts by phase, then position, whatever order they arrive in", () => {
    const shuffled = [...posts].reverse();
    expect(ids(snapshotAt(shuffled, [], 1).posts)).toEqual(["a1", "a2", "b1", "b2", "c1"]);
  });

  it("returns nothing for a version before the campaign existed", () => {
    expect(snapshotAt(posts, links, 0)).toEqual({ version: 0, posts: [], links: [] });
  });
});

describe("groupByPhase", () => {
  it("groups posts by phase in ascending order, keeping their order inside each phase", () => {
    const groups = groupByPhase([post("x", 2, 0, 1), post("y", 1, 0, 1), post("z", 2, 1, 1)]);
    expect(groups.map((g) => [g.number, ids(g.posts)])).toEqual([
      [1, ["y"]],
      [2, ["x", "z"]],
    ]);
  });
});
