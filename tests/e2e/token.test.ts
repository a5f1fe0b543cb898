import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../src/auth/accounts.js";
import { openDatabase } from "../../src/db/client.js";
import { useChromium } from "../helpers/chromium.js";
import { useServedApp } from "../helpers/served-app.js";

// A server that requires tokens: the canvas asks for one, keeps it for the session, and works.
const SHOTS = join(import.meta.dirname, "__screenshots__");
let token: string;
const served = useServedApp("phasewise-e2e-token-", {}, async (config) => {
  const { db } = await openDatabase(config.database);
  token = (await issueToken(db, { name: "alice", workspace: "Team A" })).token;
  await db.$disconnect();
});
const browser = useChromium();
beforeAll(() => mkdir(SHOTS, { recursive: true }));

describe("the canvas on a server that requires tokens", () => {
  it("asks for a token, keeps it for the session, and then plans a campaign in the token's workspace", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(served.url);
    await page.getByRole("textbox", { name: "API token" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "token-01-prompt.png") });
    await page.getByRole("textbox", { name: "API token" }).fill(token);
    await page.getByRole("button", { name: "Use this token" }).click();

    await page.getByLabel("Name").fill("Janus launch");
    await page.getByLabel("Product description").fill("Janus – AI-powered GTM OS for technical founders");
    await page.getByLabel("Goals").fill("Launch product and acquire first 100 users in 4 weeks");
    await page.getByRole("button", { name: "Plan campaign" }).click();
    await page.waitForURL(/#\/campaigns\//);
    await expect.poll(() => page.locator('[data-testid="post-card"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "token-02-canvas.png") });

    const campaign = await served.app.db.campaign.findFirstOrThrow({ include: { workspace: true } });
    expect(campaign.workspace.name).toBe("Team A");
    // Live updates go through the same token (graphql-ws connection_init): content arrives.
    await expect
      .poll(() => page.locator('[data-testid="post-card"][data-content-status="READY"]').count(), { timeout: 20_000 })
      .toBe(await served.app.db.post.count());
  });
});
