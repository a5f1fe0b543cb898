import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../src/domain/version-diff.js";

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe("diffSnapshots", () => {
  it("names added, removed and kept posts and added and removed links", () => {
    const diff = diffSnapshots(
      { posts: rows("a", "b", "c"), links: rows("a>b", "b>c") },
      { posts: rows("a", "n1", "n2"), links: rows("a>n1", "n1>n2") },
    );
    expect(diff.keptPosts).toEqual(rows("a"));
    expect(diff.addedPosts).toEqual(rows("n1", "n2"));
    expect(diff.removedPosts).toEqual(rows("b", "c"));
    expect(diff.addedLinks).toEqual(rows("a>n1", "n1>n2"));
    expect(diff.removedLinks).toEqual(rows("a>b", "b>c"));
  });

  it("reports nothing changed between a version and itself", () => {
    const s = { posts: rows("a", "b"), links: rows("a>b") };
    const diff = diffSnapshots(s, s);
    expect(diff.keptPosts).toEqual(rows("a", "b"));
    expect([diff.addedPosts, diff.removedPosts, diff.addedLinks, diff.removedLinks]).toEqual([[], [], [], []]);
  });

  it("reports a restore's copies as added rows and the replaced rows as removed", () => {
    const diff = diffSnapshots({ posts: rows("a", "n1"), links: [] }, { posts: rows("ra", "rb"), links: [] });
    expect(diff.addedPosts).toEqual(rows("ra", "rb"));
    expect(diff.removedPosts).toEqual(rows("a", "n1"));
    expect(diff.keptPosts).toEqual([]);
  });
});
