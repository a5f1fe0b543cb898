import { describe, expect, it } from "vitest";
import { useChromium } from "../helpers/chromium.js";
import { createJanusCampaign } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";

// What a person does first: GraphiQL in one tab watching campaignEvents while a regeneration runs
// in another, in Debian's Chromium against the service as `npm start` builds it.
const served = useServedApp("phasewise-graphiql-");
const browser = useChromium();

describe("GraphiQL", () => {
  it("shows a regeneration made in another tab live, with images that load from /media/", async () => {
    const id = await createJanusCampaign(served.url);
    // The plan's own content first, so that what the watcher shows can only come from the regeneration.
    while ((await served.app.db.campaign.findUniqueOrThrow({ where: { id } })).status !== "READY")
      await new Promise((r) => setTimeout(r, 50));
    const open = async (query: string) => {
      const page = await browser.newPage();
      await page.goto(`${served.url}/graphql?query=${encodeURIComponent(query)}`);
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
    const posts = await served.app.db.post.findMany({ where: { campaignId: id } });
    const shown = posts.find((p) => p.title.replace(/\s+/g, "") === title);
    expect(shown?.version).toBe(2);
    // The image a client would show loads and renders at its size.
    const image = await browser.newPage();
    await image.goto(`${served.url}${mediaUrl}`);
    const box = await image.locator("svg").boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    await Promise.all([watcher.close(), editor.close(), image.close()]);
  });
});
