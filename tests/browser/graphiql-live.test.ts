import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { launchChromium } from "../helpers/chromium.js";

// What a person does first: GraphiQL in one tab watching campaignEvents while a regeneration runs
// in another, in Debian's Chromium against the service as `npm start` builds it.
let dataDir: string;
let app: App;
let url: string;
let browser: Browser;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-graphiql-"));
  app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" }));
  url = await app.start();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function gql<T>(query: string): Promise<T> {
  const r = (await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  }).then((res) => res.json())) as { data: T };
  return r.data;
}

describe("GraphiQL", () => {
  it("shows a regeneration made in another tab live, with images that load from /media/", async () => {
    const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
      `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
    );
    const id = createCampaign.campaign.id;
    // The plan's own content first, so that what the watcher shows can only come from the regeneration.
    while ((await app.db.campaign.findUniqueOrThrow({ where: { id } })).status !== "READY")
      await new Promise((r) => setTimeout(r, 50));
    const open = async (query: string) => {
      const page = await browser.newPage();
      await page.goto(`${url}/graphql?query=${encodeURIComponent(query)}`);
      await page.locator("button.graphiql-execute-button").click();
      return page;
    };
    const watcher = await open(
      `subscription { campaignEvents(campaignId: "${id}") { __typename ... on StrategyRegeneratedEvent { version } ... on ContentReadyEvent { post { title } variants { label mediaUrl } } } }`,
    );
    // The subscription is running once the execute button turns into a stop button.
    await watcher.locator("button.graphiql-execute-button[aria-label*='Stop' i]").waitFor();
    const editor = await open(
      `mutation { regenerateStrategy(input: { campaignId: "${id}", phaseNum: 3, newDirection: "community-led growth with office hours" }) { version } }`,
    );
    await editor.getByText('"version": 2').waitFor();

    // GraphiQL shows the latest event: ContentReady events for the new phase arrive one by one.
    await watcher.getByText('"ContentReadyEvent"').waitFor({ timeout: 20_000 });
    const result = ((await watcher.locator(".graphiql-response").textContent()) ?? "").replace(/\s+/g, "");
    const mediaUrl = result.match(/"mediaUrl":"(\/media\/[^"]+)"/)?.[1];
    expect(mediaUrl).toBeDefined();
    // It is about a post the regeneration created (titles compared without whitespace, as rendered).
    const title = result.match(/"title":"([^"]+)"/)?.[1];
    const posts = await app.db.post.findMany({ where: { campaignId: id } });
    const shown = posts.find((p) => p.title.replace(/\s+/g, "") === title);
    expect(shown?.version).toBe(2);
    // The image a client would show loads and renders at its size.
    const image = await browser.newPage();
    await image.goto(`${url}${mediaUrl}`);
    const box = await image.locator("svg").boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    await Promise.all([watcher.close(), editor.close(), image.close()]);
  });
});
