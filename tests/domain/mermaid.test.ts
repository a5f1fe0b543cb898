import { describe, expect, it } from "vitest";
import { escapeMermaidLabel, renderMermaid } from "../../src/domain/mermaid.js";

const graph = {
  phases: [
    {
      number: 1,
      name: "Awareness",
      posts: [
        { id: "a", title: "Teaser", platform: "X" },
        { id: "b", title: "Story", platform: "BLOG" },
      ],
    },
    { number: 2, name: "Launch", posts: [{ id: "c", title: "Launch day", platform: "PRODUCT_HUNT" }] },
  ],
  links: [
    { fromId: "a", toId: "c" },
    { fromId: "b", toId: "c" },
  ],
};

describe("renderMermaid", () => {
  it("draws a top-to-bottom flowchart with one subgraph per phase and one arrow per link", () => {
    expect(renderMermaid(graph)).toBe(
      [
        "graph TB",
        '  subgraph phase_1["Phase 1: Awareness"]',
        '    p1["Teaser<br/>X"]',
        '    p2["Story<br/>BLOG"]',
        "  end",
        '  subgraph phase_2["Phase 2: Launch"]',
        '    p3["Launch day<br/>PRODUCT_HUNT"]',
        "  end",
        "  p1 --> p3",
        "  p2 --> p3",
      ].join("\n"),
    );
  });

  it("skips links whose ends are not in the graph", () => {
    const out = renderMermaid({ ...graph, links: [{ fromId: "a", toId: "ghost" }] });
    expect(out).not.toContain("-->");
  });

  it("keeps every label on one line and inside its quotes, whatever the title holds", () => {
    const title = 'He said "hi" [x] (y) {z} <b> #1; a|b `c` & d\nnext\r\nline';
    const out = renderMermaid({
      phases: [{ number: 1, name: 'Phase "one"\n[beta]', posts: [{ id: "x", title, platform: "X" }] }],
      links: [],
    });
    const lines = out.split("\n");
    expect(lines).toHaveLength(4);
    const label = (line: string) => line.slice(line.indexOf('"') + 1, line.lastIndexOf('"'));
    for (const line of [lines[1], lines[2]]) {
      expect(line?.match(/"/g)).toHaveLength(2);
      expect(
        label(line ?? "")
          .replace("<br/>", " ")
          .replace(/#\w+;/g, ""),
      ).not.toMatch(/["[\](){}<>|;`\r\n]/);
    }
  });

  it("escapes # once, so an entity typed by the user shows as typed", () => {
    expect(escapeMermaidLabel("#quot; & #1")).toBe("#35;quot#59; #amp; #35;1");
  });
});
