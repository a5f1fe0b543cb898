import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useChromium } from "../helpers/chromium.js";
import { useFakeOpenAI } from "../helpers/fake-openai.js";
import { useServedApp } from "../helpers/served-app.js";

// The canvas against the service configured for a real model (an OpenAI-compatible endpoint on
// 127.0.0.1 that answers as the offline model would, until a test makes it refuse the key or
// hang): a failure says why, and what to check, where the person asked.
const SHOTS = join(import.meta.dirname, "__screenshots__");
const DEADLINE_MS = 3_000;
let mode: "answer" | "refuse" | "hang" = "answer";
const fake = useFakeOpenAI({
  offline: {
    answer: (_tool, args) => {
      if (mode === "refuse")
        return { status: 401, body: { error: { message: "Incorrect API key provided: sk-e2e", code: "invalid_api_key" } } };
      if (mode === "hang") return { delayMs: 60_000, reply: { tool: args } };
      return { tool: args };
    },
  },
});
const served = useServedApp("phasewise-e2e-model-", () => ({
  OPENAI_API_KEY: "sk-e2e",
  OPENAI_BASE_URL: fake.baseURL,
  LLM_MAX_RETRIES: "0",
  LLM_DEADLINE_MS: String(DEADLINE_MS),
}));
const browser = useChromium();
let page: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

async function submitBrief() {
  await page.getByLabel("Name").fill("Janus launch");
  await page.getByLabel("Product description").fill("Janus – AI-powered GTM OS for technical founders");
  await page.getByLabel("Goals").fill("Launch product and acquire first 100 users in 4 weeks");
  await page.getByRole("button", { name: "Plan campaign" }).click();
}

describe("the canvas when the model fails", () => {
  it("says the endpoint refused the key and which setting to check, creating nothing", async () => {
    mode = "refuse";
    await page.goto(served.url);
    await submitBrief();
    const error = page.getByRole("alert").filter({ hasText: "Check OPENAI_API_KEY" });
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "The campaign was not created. The model endpoint refused the API key (HTTP 401, invalid_api_key). Check OPENAI_API_KEY. Nothing was changed.",
    );
    expect(await error.getAttribute("data-reason")).toBe("UNAUTHORIZED");
    await shot("model-01-unauthorized");
    expect(await served.app.db.campaign.count()).toBe(0);
  });

  it("stops drafting at the deadline and says so, instead of waiting on a model that hangs", async () => {
    mode = "hang";
    await page.getByRole("button", { name: "Plan campaign" }).click();
    await page.getByRole("status").filter({ hasText: "Drafting the plan…" }).waitFor();
    const error = page.getByRole("alert").filter({ hasText: "LLM_DEADLINE_MS" });
    await error.waitFor();
    expect(await error.getAttribute("data-reason")).toBe("TIMEOUT");
    expect(await error.textContent()).toContain("did not finish within 3 s");
    expect(await page.getByRole("status").filter({ hasText: "Drafting the plan…" }).count()).toBe(0);
    await shot("model-02-timeout");
    expect(await served.app.db.campaign.count()).toBe(0);
  });

  it("explains a regeneration the model refused under the chat bar, keeping the version", async () => {
    mode = "answer";
    await page.getByRole("button", { name: "Plan campaign" }).click();
    await page.waitForURL(/#\/campaigns\//);
    const posts = await served.app.db.post.count();
    await expect
      .poll(() => page.locator('[data-testid="post-card"][data-content-status="READY"]').count(), { timeout: 20_000 })
      .toBe(posts);

    mode = "refuse";
    const chat = page.getByLabel("Chat command");
    await chat.fill("!regenerate phase 2 pivot to developer-first strategy with technical demos");
    await chat.press("Enter");
    const error = page.getByRole("alert").filter({ hasText: "The strategy was not regenerated." });
    await error.waitFor();
    expect(await error.textContent()).toContain("refused the API key (HTTP 401, invalid_api_key). Check OPENAI_API_KEY.");
    await shot("model-03-regenerate-unauthorized");
    expect((await served.app.db.campaign.findFirstOrThrow()).currentVersion).toBe(1);
  });
});
