import { describe, expect, it } from "vitest";
import { CARD_HEIGHT, CARD_WIDTH, countCrossings, layoutStrategy } from "./layout.js";

// A campaign at its largest: 6 phases × 5 posts, each post linked from one or two posts of the
// phase before (a deterministic pseudo-random graph, so the test is the same every run).
function bigPlan(seed = 7) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const phases = Array.from({ length: 6 }, (_, p) => ({
    number: p + 1,
    postIds: Array.from({ length: 5 }, (_, i) => `p${p + 1}-${i}`),
  }));
  const links = phases.slice(1).flatMap((phase, p) =>
    phase.postIds.flatMap((to) => {
      const from = phases[p]?.postIds ?? [];
      const picks = new Set([from[Math.floor(random() * 5)], from[Math.floor(random() * 5)]]);
      return [...picks].map((f) => ({ from: f as string, to }));
    }),
  );
  return { phases, links };
}

describe("layoutStrategy", () => {
  it("puts every post of a phase in that phase's column, 6 × 5 with no two cards overlapping", () => {
    const { phases, links } = bigPlan();
    const layout = layoutStrategy(phases, links);
    const boxes = [...layout.positions.entries()];
    expect(boxes).toHaveLength(30);
    for (const phase of phases) {
      const xs = new Set(phase.postIds.map((id) => layout.positions.get(id)?.x));
      expect(xs.size).toBe(1); // one column
    }
    const columnXs = phases.map((p) => layout.positions.get(p.postIds[0] as string)?.x ?? 0);
    expect(columnXs).toEqual([...columnXs].sort((a, b) => a - b)); // columns in phase order, left to right
    for (const [a, pa] of boxes)
      for (const [b, pb] of boxes) {
        if (a >= b) continue;
        const apart =
          pa.x + CARD_WIDTH <= pb.x || pb.x + CARD_WIDTH <= pa.x || pa.y + CARD_HEIGHT <= pb.y || pb.y + CARD_HEIGHT <= pa.y;
        expect(apart, `${a} overlaps ${b}`).toBe(true);
      }
  });

  it("orders cards so that fewer links cross than in the plan's own order", () => {
    const { phases, links } = bigPlan();
    const before = countCrossings(
      phases.map((p) => [...p.postIds]),
      links,
    );
    const after = countCrossings(layoutStrategy(phases, links).order, links);
    expect(after).toBeLessThan(before);
  });

  it("gives the same layout for the same plan", () => {
    const { phases, links } = bigPlan();
    expect(layoutStrategy(phases, links).order).toEqual(layoutStrategy(phases, links).order);
  });
});
