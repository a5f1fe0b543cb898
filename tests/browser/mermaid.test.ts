import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOfflinePlan } from "../../src/ai/offline/plan-writer.js";
import { type MermaidInput, renderMermaid } from "../../src/domain/mermaid.js";
import { planLinks } from "../../src/domain/plan.js";
import { launchChromium } from "../helpers/chromium.js";

const squash = (text: string) => text.replace(/\s+/g, "");

// Strategy.mermaid must render in Mermaid itself, whatever the titles hold: rendered here with the
// mermaid library in a real Chromium.
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent("<!doctype html><div id=out></div>");
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js") });
});
afterAll(() => browser?.close());

/** Renders the diagram; resolves to the text of its node and subgraph labels, without whitespace (SVG text wraps into lines). */
async function render(text: string): Promise<string[]> {
  return page
    .evaluate(async (source) => {
      const mermaid = (
        window as unknown as { mermaid: { initialize(o: object): void; render(id: string, t: string): Promise<{ svg: string }> } }
      ).mermaid;
      mermaid.initialize({ startOnLoad: false });
      const { svg } = await mermaid.render(`g${Math.random().toString(36).slice(2)}`, source);
      const out = document.getElementById("out") as HTMLElement;
      out.innerHTML = svg;
      return [...out.querySelectorAll(".nodeLabel, .cluster-label, text")].map((e) => e.textContent ?? "");
    }, text)
    .then((labels) => labels.map(squash));
}

describe("Strategy.mermaid in Mermaid", () => {
  it("renders an offline plan with every post and phase", async () => {
    const plan = writeOfflinePlan({
      name: "Janus launch",
      productDescription: "Janus – AI-powered GTM OS for technical founders",
      gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
      phaseCount: 3,
    });
    const input: MermaidInput = {
      phases: plan.phases.map((p) => ({
        number: p.number,
        name: p.name,
        posts: p.posts.map((post) => ({ ...post, id: post.key })),
      })),
      links: planLinks(plan).map((l) => ({ fromId: l.from, toId: l.to })),
    };
    const labels = (await render(renderMermaid(input))).join("\n");
    for (const post of plan.phases.flatMap((p) => p.posts)) expect(labels).toContain(squash(post.title));
    // Phase names as the planner writes them, brackets included ("… (week 2)").
    for (const phase of plan.phases) expect(labels).toContain(squash(`Phase ${phase.number}: ${phase.name}`));
  });

  it("renders titles full of Mermaid syntax as the text people typed", async () => {
    const title = 'He said "hi" [x] (y) {z} <b> #1; a|b `c` & d --> e';
    const labels = await render(
      renderMermaid({
        phases: [
          {
            number: 1,
            name: 'Phase "one" [beta]',
            posts: [
              { id: "a", title, platform: "X" },
              { id: "b", title: "end\nline", platform: "BLOG" },
            ],
          },
          { number: 2, name: "Next", posts: [{ id: "c", title: "subgraph x end", platform: "X" }] },
        ],
        links: [{ fromId: "a", toId: "c" }],
      }),
    );
    const text = labels.join("\n");
    expect(text).toContain(squash(title));
    expect(text).toContain(squash('Phase 1: Phase "one" [beta]'));
    expect(text).toContain(squash("subgraph x end"));
  });
});
