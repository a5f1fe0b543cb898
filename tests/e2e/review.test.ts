import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems } from "../helpers/accessibility.js";
import { useChromium } from "../helpers/chromium.js";
import { useServedApp } from "../helpers/served-app.js";

// Reviewing a campaign on the canvas, as a person does it, in Debian's Chromium against the service
// as `npm start` runs it (embedded PGlite, the offline model, the local publishing channel): approve
// and publish, read A/B metrics, set a trigger by chat and watch it fire, reject with feedback, and
// ask for a follow-up post after a selected one. Screenshots go to tests/e2e/__screenshots__/review-*.
const SHOTS = join(import.meta.dirname, "__screenshots__");
const served = useServedApp("phasewise-review-");
const browser = useChromium();
let page: Page;
let campaignId: string;

interface PostRow {
  id: string;
  title: string;
  phase: number;
  status: string;
  contentStatus: string;
}
/** The posts chosen for each part of the story (distinct, all DRAFT with READY content at the start). */
let approved: PostRow;
let triggered: PostRow;
let rejected: PostRow;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
});

/** One GraphQL request over HTTP, as another tool (or the platform's metrics importer) would send it. */
async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${served.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

const postsNow = async () =>
  (
    await gql<{ postsByCampaign: PostRow[] }>(
      "query($id: ID!) { postsByCampaign(campaignId: $id) { id title phase status contentStatus } }",
      { id: campaignId },
    )
  ).postsByCampaign;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `review-${name}.png`) });
const cards = () => page.locator('[data-testid="post-card"]');
const card = (postId: string) => page.locator(`[data-testid="post-card"][data-post-id="${postId}"]`);
const chat = () => page.getByLabel("Chat command");
const drawer = () => page.getByRole("dialog");
const toastWith = (text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

async function openPost(post: PostRow): Promise<Locator> {
  await card(post.id).getByRole("button", { name: post.title }).click();
  const d = drawer();
  await d.getByRole("heading", { name: post.title, level: 2 }).waitFor();
  await d.getByRole("heading", { name: "Variant A" }).waitFor();
  return d;
}
async function closeDrawer() {
  await drawer().getByRole("button", { name: "Close" }).click();
  await drawer().waitFor({ state: "detached" });
}
const statusIn = (d: Locator) => d.getByTestId("post-status");

describe("reviewing a campaign on the canvas", () => {
  it("opens a campaign created through the API once its content is ready", async () => {
    const created = await gql<{ createCampaign: { campaign: { id: string } } }>(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }`,
      {
        input: {
          name: "Janus review",
          productDescription: "Janus – AI-powered GTM OS for technical founders",
          gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
        },
      },
    );
    campaignId = created.createCampaign.campaign.id;
    await expect
      .poll(async () => (await postsNow()).every((p) => p.contentStatus === "READY"), { timeout: 30_000, interval: 250 })
      .toBe(true);
    const posts = await postsNow();
    expect(posts.length).toBeGreaterThanOrEqual(3);
    [approved, triggered, rejected] = posts as [PostRow, PostRow, PostRow];

    await page.goto(`${served.url}/#/campaigns/${campaignId}`);
    await expect.poll(() => page.locator('[data-testid="post-card"][data-content-status="READY"]').count()).toBe(posts.length);
  });

  it("approves a post from its drawer: published, both variants listed as publications", async () => {
    const d = await openPost(approved);
    await expect.poll(() => statusIn(d).textContent()).toBe("Draft");
    await d.getByRole("button", { name: "Reject…" }).waitFor();
    await d.getByRole("button", { name: "Regenerate copy…" }).waitFor();
    await d.getByRole("textbox", { name: "Trigger" }).waitFor();
    expect(await d.getByRole("button", { name: "Use this variant" }).count()).toBe(2);
    await shot("01-drawer-actions");
    expect(await accessibilityProblems(page)).toEqual([]);

    // Choosing a variant marks it.
    await d
      .getByRole("article", { name: /Variant B/ })
      .getByRole("button", { name: "Use this variant" })
      .click();
    await d
      .getByRole("article", { name: /Variant B/ })
      .getByText("Selected", { exact: true })
      .waitFor();

    await d.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => statusIn(d).textContent(), { timeout: 10_000 }).toBe("Published");
    const publications = d.getByTestId("publications").getByRole("listitem");
    await expect.poll(() => publications.count()).toBe(2);
    expect(await publications.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/local.*Variant A · generation 1/), expect.stringMatching(/Variant B/)]),
    );
    // A published post cannot be approved again; the reason is on screen.
    expect(await d.getByRole("button", { name: "Approve", exact: true }).isDisabled()).toBe(true);
    await d.getByText("Already approved and published.").waitFor();
    await shot("02-approved");
  });

  it("shows A against B as bars with their numbers once metrics are recorded", async () => {
    const record = `mutation($input: RecordMetricsInput!) { recordMetrics(input: $input) { post { id } } }`;
    await gql(record, { input: { postId: approved.id, label: "A", likes: 120, retweets: 14, impressions: 4800, comments: 9 } });
    await gql(record, { input: { postId: approved.id, label: "B", likes: 3, retweets: 21, impressions: 2100, comments: 2 } });
    const d = drawer();
    const likes = d.getByTestId("variant-metrics").locator('tr[data-metric="LIKES"]');
    // Both recordings arrive (one event each): the row shows A's and B's numbers and the leader.
    await expect.poll(() => likes.textContent(), { timeout: 10_000 }).toMatch(/120\D+3(?!\d).*A leads/);
    expect(await likes.locator('td[data-variant="A"]').textContent()).toMatch(/120/);
    expect(await likes.locator('td[data-variant="B"]').textContent()).toMatch(/\b3\b/);
    const retweets = d.getByTestId("variant-metrics").locator('tr[data-metric="RETWEETS"]');
    expect(await retweets.textContent()).toMatch(/14.*21.*B leads/);
    expect(await d.getByTestId("variant-metrics").locator('tr[data-metric="IMPRESSIONS"]').textContent()).toMatch(
      /4,800.*2,100.*A leads/,
    );
    await d.getByTestId("post-metrics").scrollIntoViewIfNeeded();
    await shot("03-drawer-metrics");
    expect(await accessibilityProblems(page)).toEqual([]);
    await closeDrawer();

    await page.getByRole("button", { name: "Metrics", exact: true }).click();
    const panel = page.getByTestId("campaign-metrics");
    const totals = panel.getByTestId("campaign-totals");
    await expect.poll(() => totals.locator('[data-metric="LIKES"]').textContent()).toMatch(/123/);
    expect(await totals.locator('[data-metric="IMPRESSIONS"]').textContent()).toMatch(/6,900/);
    const phaseRow = panel.getByTestId("phase-totals").locator(`tr[data-phase="${approved.phase}"]`);
    expect(await phaseRow.textContent()).toMatch(/6,900.*123.*35.*11/);
    await shot("04-campaign-metrics");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole("button", { name: "Hide metrics" }).click();
  });

  it("sets a trigger with @Post title in the chat: ⏰ on the card, then it fires after publication", async () => {
    // An unknown title is explained inline, and nothing is sent.
    await chat().fill("@No such post fewer than 5 likes within 3 seconds, rewrite");
    await chat().press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: /No post of the current strategy/ })
      .waitFor();

    // Text the trigger reader cannot read: the server's BAD_USER_INPUT, inline.
    await chat().fill(`@${triggered.title} make it better`);
    await chat().press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: /was not set: input\.text/ })
      .waitFor();

    // `@` opens the post picker.
    await chat().fill("");
    await chat().pressSequentially(`@${triggered.title.slice(0, 6)}`);
    await page
      .getByRole("listbox", { name: "Posts" })
      .getByRole("option", { name: new RegExp(triggered.title) })
      .waitFor();
    await chat().fill(`@${triggered.title} fewer than 5 likes within 3 seconds, make the hook more technical`);
    await chat().press("Enter");
    await card(triggered.id).getByTestId("trigger-pending").waitFor({ timeout: 10_000 });
    expect(await card(triggered.id).getByText("Trigger pending").count()).toBe(1);
    await toastWith(
      /Trigger set on .*: 3 seconds after publication, if fewer than 5 likes: make the hook more technical/,
    ).waitFor();
    await shot("05-trigger-pending");
    await card(triggered.id).screenshot({ path: join(SHOTS, "review-05b-card-trigger.png") });

    // The trigger is checked 3 s after publication: approve the post, and it fires (0 likes < 5).
    const d = await openPost(triggered);
    const panel = d.getByTestId("trigger-panel");
    expect(await panel.textContent()).toMatch(/likes.*fewer than.*5.*3 seconds.*make the hook more technical/s);
    await panel
      .getByTestId("trigger-state")
      .filter({ hasText: /Pending/ })
      .waitFor();
    const approvedAt = Date.now();
    await d.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => statusIn(d).textContent(), { timeout: 10_000 }).toBe("Published");
    await panel
      .getByTestId("trigger-state")
      .filter({ hasText: /Pending: checked at/ })
      .waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot("06-trigger-published");

    await toastWith(`Trigger fired on “${triggered.title}”: new copy is being written`).waitFor({ timeout: 20_000 });
    const firedAfter = Date.now() - approvedAt;
    console.info(`approve → trigger fired toast: ${firedAfter} ms`);
    expect(firedAfter).toBeGreaterThanOrEqual(2900); // not before its 3 seconds were up
    await shot("07-trigger-fired");
    // The post is back in review with a second generation of copy.
    await expect.poll(() => statusIn(d).textContent(), { timeout: 10_000 }).toBe("Draft");
    await d.locator('[data-testid="variant"][data-label="A"][data-generation="2"]').waitFor({ timeout: 20_000 });
    await d.getByTestId("latest-generation").filter({ hasText: "generation 2" }).waitFor();
    await panel
      .getByTestId("trigger-state")
      .filter({ hasText: /Fired at/ })
      .waitFor();
    expect(await card(triggered.id).getByTestId("trigger-pending").count()).toBe(0);
    await shot("08-trigger-regenerated");
    await closeDrawer();
  });

  it("rejects a post with feedback: REJECTED, the feedback shown", async () => {
    const d = await openPost(rejected);
    await d.getByRole("button", { name: "Reject…" }).click();
    const form = d.getByRole("form", { name: "Reject with feedback" });
    await form.getByRole("button", { name: "Submit" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: /Write what is wrong/ })
      .waitFor();
    await form.getByLabel("Feedback").fill("Too salesy: lead with the benchmark numbers and drop the superlatives.");
    await shot("09-reject-form");
    await form.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => statusIn(d).textContent(), { timeout: 10_000 }).toBe("Rejected");
    await d.getByTestId("post-feedback").filter({ hasText: "Too salesy: lead with the benchmark numbers" }).waitFor();
    await d.getByText(/Rejected posts cannot be approved/).waitFor();
    await card(rejected.id).getByText("Rejected", { exact: true }).waitFor();
    await shot("10-rejected");
    await closeDrawer();
  });

  it("sets a trigger from the drawer, shows how it was read, and clears it", async () => {
    const d = await openPost(rejected);
    const panel = d.getByTestId("trigger-panel");
    await panel.getByRole("textbox", { name: "Trigger" }).fill("more than 100 retweets after 2 days, thank the community");
    await panel.getByRole("button", { name: "Set trigger" }).click();
    await panel.getByTestId("trigger-state").filter({ hasText: "Pending: checked once the post is published" }).waitFor();
    expect(await panel.textContent()).toMatch(/2 days after publication, if more than 100 retweets: thank the community/);
    await card(rejected.id).getByTestId("trigger-pending").waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot("10b-drawer-trigger");
    await panel.getByRole("button", { name: "Clear trigger" }).click();
    await panel.getByText(/^No trigger\./).waitFor();
    await card(rejected.id).getByTestId("trigger-pending").waitFor({ state: "detached" });
    await closeDrawer();
  });

  it("asks for new copy of the rejected post with instructions: back to draft with a second generation", async () => {
    const d = await openPost(rejected);
    await d.getByRole("button", { name: "Regenerate copy…" }).click();
    const form = d.getByRole("form", { name: "Regenerate copy" });
    await form.getByLabel("Instructions").fill("Lead with the benchmark numbers.");
    await form.getByRole("button", { name: "Write new copy" }).click();
    await expect.poll(() => statusIn(d).textContent(), { timeout: 10_000 }).toBe("Draft");
    await d.locator('[data-testid="variant"][data-label="B"][data-generation="2"]').waitFor({ timeout: 20_000 });
    await d.getByRole("button", { name: "Approve", exact: true }).and(d.locator(":enabled")).waitFor();
    await closeDrawer();
  });

  it("asks for a follow-up after a shift-clicked post: a new card in the next phase, linked", async () => {
    // Nothing selected: explained inline.
    await chat().fill("/followup a technical deep dive");
    await chat().press("Enter");
    await page.getByRole("alert").filter({ hasText: "Select one or more posts first" }).waitFor();

    // A phase-1 post: its follow-up would go into phase 2, filled here (through the API, as another
    // reviewer might) to 5 posts, the most a phase holds; the server refuses and the chat says why.
    const inNextPhase = (await postsNow()).filter((p) => p.phase === approved.phase + 1).length;
    for (let n = inNextPhase; n < 5; n++)
      await gql(
        `mutation($c: ID!, $id: ID!) { createFollowUpPost(input: { campaignId: $c, fromPostIds: [$id], prompt: "another angle on the launch" }) { post { id } } }`,
        { c: campaignId, id: approved.id },
      );
    const posts = await postsNow();
    await expect.poll(() => cards().count(), { timeout: 15_000 }).toBe(posts.length);
    expect(posts.filter((p) => p.phase === approved.phase + 1).length).toBe(5);
    await card(approved.id)
      .locator(".excerpt")
      .click({ modifiers: ["Shift"] });
    await expect.poll(() => card(approved.id).getAttribute("data-selected")).toBe("true");
    expect(await drawer().count()).toBe(0); // shift-click selects, it does not open the post
    await page.getByTestId("selection-status").filter({ hasText: "1 post selected" }).waitFor();
    await shot("11-selected");
    await chat().fill("/followup a technical deep dive");
    await chat().press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: `No follow-up was created: input.fromPostIds: phase ${approved.phase + 1} already has 5 posts` })
      .waitFor({ timeout: 10_000 });
    await shot("12-follow-up-refused");

    // A post of the last phase: the follow-up opens the next phase.
    await page.getByRole("button", { name: "Clear selection" }).click();
    expect(await card(approved.id).getAttribute("data-selected")).toBeNull();
    const lastPhase = Math.max(...posts.map((p) => p.phase));
    const source = posts.find((p) => p.phase === lastPhase) as PostRow;
    await card(source.id)
      .locator(".excerpt")
      .click({ modifiers: ["Shift"] });
    await expect.poll(() => card(source.id).getAttribute("data-selected")).toBe("true");
    const before = new Set(posts.map((p) => p.id));
    await chat().fill("/followup a technical deep dive");
    await chat().press("Enter");
    await expect.poll(() => cards().count(), { timeout: 15_000 }).toBe(before.size + 1);
    const created = (await postsNow()).find((p) => !before.has(p.id));
    if (!created) throw new Error("no follow-up post was created");
    expect(created.phase).toBe(lastPhase + 1);
    expect(await card(created.id).getAttribute("data-phase")).toBe(String(lastPhase + 1));
    await page.locator(`[data-testid="phase-column"][data-phase="${lastPhase + 1}"]`).waitFor();
    await page.locator(`.svelte-flow__edge[data-id="link:${source.id}->${created.id}"]`).waitFor();
    await toastWith(`Follow-up “${created.title}” added to phase ${lastPhase + 1}; its copy is being written`).waitFor();
    // The selection was used up.
    expect(await card(source.id).getAttribute("data-selected")).toBeNull();
    await page.locator(`[data-testid="post-card"][data-post-id="${created.id}"][data-content-status="READY"]`).waitFor({
      timeout: 20_000,
    });
    await shot("13-follow-up");
  });

  it("approves every ready draft at once from the header, with a count of approved and skipped posts", async () => {
    const drafts = (await postsNow()).filter((p) => p.status === "DRAFT" && p.contentStatus === "READY").length;
    const total = (await postsNow()).length;
    await page.getByRole("button", { name: "Approve all" }).click();
    await toastWith(`${drafts} approved, ${total - drafts} skipped`).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.locator('[data-testid="post-card"]').getByText("Published", { exact: true }).count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(drafts);
    await shot("14-approve-all");
  });
});
