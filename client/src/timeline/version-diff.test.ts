import { describe, expect, it } from "vitest";
import type { PostCard, StrategyView } from "../campaign/live-campaign.svelte.js";
import { buildDiffView, relativeTime, summaryText, versionCounts, versionKind } from "./version-diff.js";

const post = (id: string, phase: number): PostCard => ({
  id,
  phase,
  position: 0,
  title: `Post ${id}`,
  description: "",
  platform: "X",
  status: "DRAFT",
  contentStatus: "READY",
  contentError: null,
  selectedVariant: null,
  isActive: true,
  version: 1,
  variants: [],
  trigger: null,
});

const strategy = (version: number, phases: PostCard[][]): StrategyView => ({
  version,
  phases: phases.map((posts, i) => ({ number: i + 1, name: `Phase ${i + 1}`, posts })),
  links: [],
});

describe("buildDiffView", () => {
  const v1 = strategy(1, [[post("a", 1)], [post("b", 2), post("c", 2)]]);
  const v2 = strategy(2, [[post("a", 1)], [post("d", 2)], [post("e", 3)]]);

  it("shows the newer strategy with added and kept posts, and the removed ones as ghosts from the older", () => {
    const view = buildDiffView(
      1,
      2,
      { addedPosts: [{ id: "d" }, { id: "e" }], removedPosts: [{ id: "b" }, { id: "c" }], keptPosts: [{ id: "a" }] },
      v1,
      v2,
    );
    expect(view.label).toBe("Changes from version 1 to 2");
    expect(view.strategy).toBe(v2);
    expect(view.marks).toEqual({ a: "kept", d: "added", e: "added", b: "removed", c: "removed" });
    expect(view.ghosts?.map((g) => g.id)).toEqual(["b", "c"]);
    expect(view.ghosts?.[0]?.phase).toBe(2);
    expect(summaryText(view.summary)).toBe("2 added, 2 removed, 1 kept");
  });

  it("compares an older version with a newer one in either order", () => {
    const view = buildDiffView(
      2,
      1,
      { addedPosts: [{ id: "b" }, { id: "c" }], removedPosts: [{ id: "d" }, { id: "e" }], keptPosts: [{ id: "a" }] },
      v2,
      v1,
    );
    expect(view.label).toBe("Changes from version 2 to 1");
    expect(view.marks).toEqual({ a: "kept", b: "added", c: "added", d: "removed", e: "removed" });
  });

  it("marks a post neither list names by whether the older version had it", () => {
    const view = buildDiffView(1, 2, { addedPosts: [], removedPosts: [], keptPosts: [] }, v1, v2);
    expect(view.marks).toMatchObject({ a: "kept", d: "added" });
    expect(view.ghosts).toEqual([]);
  });
});

describe("version rows", () => {
  it("names each kind of version", () => {
    expect(versionKind({ kind: "INITIAL", fromPhase: null, restoredFrom: null })).toBe("Initial plan");
    expect(versionKind({ kind: "REGENERATION", fromPhase: 2, restoredFrom: null })).toBe("Regeneration from phase 2");
    expect(versionKind({ kind: "RESTORE", fromPhase: null, restoredFrom: 1 })).toBe("Restore of version 1");
    expect(versionCounts({ archivedPostCount: 6, createdPostCount: 7 })).toBe("6 archived, 7 new");
  });

  it("says how long ago a version was made", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(relativeTime("2026-03-10T11:59:50Z", now, "en")).toBe("just now");
    expect(relativeTime("2026-03-10T11:55:00Z", now, "en")).toBe("5 minutes ago");
    expect(relativeTime("2026-03-10T09:00:00Z", now, "en")).toBe("3 hours ago");
    expect(relativeTime("2026-03-09T12:00:00Z", now, "en")).toBe("yesterday");
    expect(relativeTime("2026-01-01T12:00:00Z", now, "en")).toMatch(/2026/);
  });
});
