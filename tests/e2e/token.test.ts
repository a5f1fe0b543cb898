import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { issueToken } from "../../src/auth/accounts.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { launchChromium } from "../helpers/chromium.js";

// A server that requires tokens: the canvas asks for one, keeps it for the session, and works.
const SHOTS = join(import.meta.dirname, "__screenshots__");
let dataDir: string;
let app: App;
let url: string;
let token: string;
let browser: Browser;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-e2e-token-"));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });
  const { db } = await openDatabase(config.database);
  token = (await issueToken(db, { name: "alice", workspace: "Team A" })).token;
  await db.$disconnect();
  app = await buildApp(config);
  url = await app.start();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the canvas on a server that requires tokens", () => {
  it("asks for a token, keeps it for the session, and then plans a campaign in the token's workspace", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url);
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

    const campaign = await app.db.campaign.findFirstOrThrow({ include: { workspace: true } });
    expect(campaign.workspace.name).toBe("Team A");
    // Live updates go through the same token (graphql-ws connection_init): content arrives.
    await expect
      .poll(() => page.locator('[data-testid="post-card"][data-content-status="READY"]').count(), { timeout: 20_000 })
      .toBe(await app.db.post.count());
  });
});
