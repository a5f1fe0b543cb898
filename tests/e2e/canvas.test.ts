import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { accessibilityProblems } from "../helpers/accessibility.js";
import { launchChromium } from "../helpers/chromium.js";

// The canvas as a person uses it, in Debian's Chromium against the service as `npm start` runs it
// (the client built by `npm install`, embedded PGlite, the offline model). One story, in order;
// a screenshot of each step goes to tests/e2e/__screenshots__/ (git-ignored).
const SHOTS = join(import.meta.dirname, "__screenshots__");
let dataDir: string;
let app: App;
let url: string;
let port: number;
let browser: Browser;
let page: Page;
let other: Page;
let campaignId: string;
let version1Ids: string[];

const startApp = async () => {
  app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "silent" }));
  url = await app.start();
  port = Number(new URL(url).port);
};

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-e2e-"));
  port = 0;
  await startApp();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  other = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`) });
const cards = (p: Page) => p.locator('[data-testid="post-card"]');
/** Ids of the cards on screen (of phases `from` to `to`), sorted. */
const cardIds = async (p: Page, from = 1, to = 99) =>
  (
    await cards(p).evaluateAll((nodes) =>
      nodes.map((n) => ({ id: n.getAttribute("data-post-id") ?? "", phase: Number(n.getAttribute("data-phase")) })),
    )
  )
    .filter((c) => c.phase >= from && c.phase <= to)
    .map((c) => c.id)
    .sort();
const chat = (p: Page) => p.getByLabel("Chat command");
/** A card's position on the canvas itself (Svelte Flow's node transform), whatever the zoom. */
const flowPosition = (p: Page, postId: string) =>
  p.locator(`[data-post-id="${postId}"]`).evaluate((card) => (card.closest(".svelte-flow__node") as HTMLElement).style.transform);

describe("the canvas", () => {
  it("refuses an invalid brief next to the field, creating nothing", async () => {
    await page.goto(url);
    await page.getByLabel("Name").fill("   ");
    await page.getByLabel("Product description").fill("Janus – AI-powered GTM OS for technical founders");
    await page.getByLabel("Goals").fill("Launch product and acquire first 100 users in 4 weeks");
    await page.getByRole("button", { name: "Plan campaign" }).click();
    const error = page.getByRole("alert").filter({ hasText: /name/i });
    await error.waitFor();
    expect(await page.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "01-form-error");
    expect(await app.db.campaign.count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it("plans a campaign from the form and shows 3 phase columns of cards whose content arrives live", async () => {
    await page.getByLabel("Name").fill("Janus launch");
    await page.getByRole("button", { name: "Plan campaign" }).click();
    await page.waitForURL(/#\/campaigns\//);
    campaignId = decodeURIComponent(page.url().split("#/campaigns/")[1] ?? "");
    await expect.poll(() => page.locator('[data-testid="phase-column"]').count()).toBe(3);
    const total = await app.db.post.count({ where: { campaignId } });
    await expect.poll(() => cards(page).count()).toBe(total);
    await shot(page, "02-canvas-generating");
    await expect
      .poll(() => page.locator('[data-testid="post-card"][data-content-status="READY"]').count(), { timeout: 20_000 })
      .toBe(total);
    // Every card shows its image once the content is ready.
    await expect
      .poll(() =>
        cards(page)
          .locator("img")
          .evaluateAll((images) => images.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
      )
      .toBe(total);
    version1Ids = await cardIds(page);
    await shot(page, "03-canvas-ready");
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it("opens a post: variants A and B side by side with their images", async () => {
    await cards(page).first().click();
    const drawer = page.getByRole("dialog");
    await drawer.getByRole("heading", { name: "Variant A" }).waitFor();
    await drawer.getByRole("heading", { name: "Variant B" }).waitFor();
    await expect
      .poll(() =>
        drawer.locator("img").evaluateAll((images) => images.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
      )
      .toBeGreaterThanOrEqual(2);
    await shot(page, "04-drawer");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
  });

  it("explains an invalid chat command inline and sends nothing", async () => {
    for (const [command, message] of [
      ["!frobnicate phase 2 now", /unknown command/i],
      ["!regenerate developer-first", /phase/i],
      ["!regenerate phase 9 developer-first", /from 1 to 4/i],
      ["/regenerate phase 2", /direction/i],
    ] as const) {
      await chat(page).fill(command);
      await chat(page).press("Enter");
      await page.getByRole("alert").filter({ hasText: message }).waitFor();
    }
    await shot(page, "05-chat-error");
    expect((await app.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).currentVersion).toBe(1);
  });

  it("regenerates from phase 2 by chat command: phases ≥ 2 change in place, a toast, version 2 in the timeline", async () => {
    await other.goto(`${url}/#/campaigns/${campaignId}`);
    await expect.poll(() => cards(other).count()).toBe(version1Ids.length);
    const phase1 = await cardIds(page, 1, 1);
    // A person moves a phase-1 card out of the way; a live update must not put it back.
    const dragged = cards(page).first();
    const draggedId = await dragged.getAttribute("data-post-id");
    const start = await dragged.boundingBox();
    if (!start || !draggedId) throw new Error("the card has no box");
    const placed = await flowPosition(page, draggedId);
    await page.mouse.move(start.x + 40, start.y + 40);
    await page.mouse.down();
    await page.mouse.move(start.x + 42, start.y + 42); // past Svelte Flow's drag threshold
    await page.mouse.move(start.x + 40, start.y + 140, { steps: 8 });
    await page.mouse.up();
    const moved = await flowPosition(page, draggedId);
    expect(moved).not.toBe(placed);
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });

    await chat(page).fill("!regenerate phase 2 pivot to developer-first strategy with technical demos");
    const pressed = Date.now();
    await chat(page).press("Enter");
    await expect
      .poll(async () => (await cardIds(page, 2)).some((id) => version1Ids.includes(id)), { interval: 10, timeout: 20_000 })
      .toBe(false);
    const onScreen = Date.now() - pressed;
    console.info(`Enter on !regenerate → new cards on screen: ${onScreen} ms`);

    await page
      .getByRole("status")
      .filter({ hasText: /Version 2: \d+ posts archived, \d+ new/ })
      .waitFor({ timeout: 5000 });
    await page.getByTestId("current-version").filter({ hasText: "Version 2" }).waitFor({ timeout: 5000 });
    await page
      .getByRole("complementary", { name: "Versions" })
      .getByText("Version 2", { exact: true })
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 5000 });
    // Phase 1 is exactly as it was; no reload happened.
    expect(await cardIds(page, 1, 1)).toEqual(phase1);
    expect(await flowPosition(page, draggedId)).toBe(moved);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await shot(page, "06-regenerated");

    // The second browser context saw it live.
    const now = await cardIds(page);
    await expect.poll(() => cardIds(other), { timeout: 5000 }).toEqual(now);
    await shot(other, "07-second-context");
  });

  it("shows version 1 read-only from the timeline, then restores it", async () => {
    await page.getByRole("button", { name: "View version 1" }).click();
    await page.getByText("Version 1 (read-only)", { exact: true }).waitFor();
    await expect.poll(() => cardIds(page)).toEqual(version1Ids);
    await shot(page, "08-version-1");

    await page.getByRole("button", { name: "Compare version 1 with version 2" }).click();
    await page.getByText("Changes from version 1 to 2", { exact: true }).waitFor();
    const marks = await cards(page).evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-mark")));
    expect(new Set(marks)).toEqual(new Set(["added", "removed", "kept"]));
    await shot(page, "08b-diff-1-2");

    await page.getByRole("button", { name: "Restore version 1" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("button", { name: "Restore" }).click();
    await page.getByTestId("current-version").filter({ hasText: "Version 3" }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: /Version 3/ })
      .waitFor();
    const restored = await app.db.post.findMany({ where: { campaignId, isActive: true } });
    expect(restored.every((p) => p.copiedFromId && version1Ids.includes(p.copiedFromId))).toBe(true);
    await expect.poll(() => cardIds(page)).toEqual(restored.map((p) => p.id).sort());
    await shot(page, "09-restored");
  });

  it("explains a VERSION_CONFLICT and reloads the campaign", async () => {
    // Another person regenerated since this page loaded: the request carries a version the server
    // has moved past (the route rewrites it to 1, as a stale page would send), and the server refuses.
    const isMutation = (u: URL) => u.pathname === "/graphql";
    await page.route(isMutation, async (route) => {
      const body = route.request().postData() ?? "";
      if (!body.includes("regenerateStrategy")) return route.continue();
      const json = JSON.parse(body) as { variables: { input: { expectedVersion: number } } };
      json.variables.input.expectedVersion = 1;
      await route.continue({ postData: JSON.stringify(json) });
    });
    await chat(page).fill("!regenerate phase 2 a request from a stale page");
    await chat(page).press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: /someone else changed this campaign/i })
      .waitFor();
    await page.unroute(isMutation);
    expect((await app.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).currentVersion).toBe(3);
    await shot(page, "10-version-conflict");
  });

  it("shows a banner while the server is gone, and resumes the live stream when it is back", async () => {
    await app.stop();
    await page
      .getByRole("alert")
      .filter({ hasText: /connection lost/i })
      .waitFor({ timeout: 20_000 });
    await shot(page, "11-connection-lost");
    await startApp();
    await page
      .getByRole("alert")
      .filter({ hasText: /connection lost/i })
      .waitFor({ state: "detached", timeout: 30_000 });
    // A change made elsewhere after the reconnect arrives without a reload.
    await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($id: ID!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 3, newDirection: "community-led growth" }) { version } }`,
        variables: { id: campaignId },
      }),
    });
    await page.getByTestId("current-version").filter({ hasText: "Version 4" }).waitFor();
    await shot(page, "12-reconnected");
  });
});
