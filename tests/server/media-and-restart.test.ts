import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { CountingModel } from "../helpers/counting-model.js";
import { gql, until } from "../helpers/http.js";

// The service as `npm start` builds it (embedded PGlite, pg-boss on it): a stop in the middle of
// content jobs, a start on the same data, and the images it serves.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-restart-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", ...env });

/** GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

let campaignId: string;
let url: string;
let app: App | undefined;
afterAll(() => app?.stop());

describe("a stop in the middle of content jobs", () => {
  it("loses nothing: after a restart every post is READY with exactly one A and one B of generation 1", async () => {
    // Content calls take 8 s, longer than the 1 s the stopping app waits for running jobs.
    const slow = new CountingModel({ delayMs: 8_000, delayTools: [WRITE_CONTENT_TOOL] });
    const first = await buildApp(config({ SHUTDOWN_GRACE_SECONDS: "1" }), { llm: { model: slow, name: "offline" } });
    const firstUrl = await first.start();
    const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
      firstUrl,
      `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
    );
    campaignId = createCampaign.campaign.id;
    await until(async () => (await first.db.post.count({ where: { campaignId, contentStatus: "GENERATING" } })) > 0);
    expect(slow.toolCalls(WRITE_CONTENT_TOOL)).toBeGreaterThan(0);
    await first.stop();

    app = await buildApp(config());
    url = await app.start();
    const db = app.db;
    await until(async () => (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === "READY");
    const posts = await db.post.findMany({ where: { campaignId }, include: { variants: true } });
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.contentStatus).toBe("READY");
      expect(post.variants.map((v) => `${v.label}${v.generation}`).sort()).toEqual(["A1", "B1"]);
    }
  });
});

describe("/media/", () => {
  it("serves a variant's image with its content type and a policy that runs no script", async () => {
    const variant = await (app as App).db.contentVariant.findFirstOrThrow({ where: { post: { campaignId } } });
    const response = await fetch(`${url}/media/${variant.mediaPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toMatch(/^<svg|^<\?xml/);
  });

  it.each([
    "/media/../pglite/PG_VERSION",
    "/media/%2e%2e/pglite/PG_VERSION",
    "/media/..%2fpglite%2fPG_VERSION",
    "/media/%2e%2e%2fpglite%2fPG_VERSION",
    "/media/..%5cpglite%5cPG_VERSION",
    "/media/%252e%252e/pglite/PG_VERSION",
    "/media//etc/passwd",
  ])("refuses %s without revealing a file outside the media directory", async (path) => {
    const r = await rawGet(url, path);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toMatch(/^1[0-9]\s*$|root:/); // PG_VERSION holds the server's major version
  });

  it("answers 404 for a missing image and 405 for a POST", async () => {
    expect((await fetch(`${url}/media/nope.svg`)).status).toBe(404);
    expect((await fetch(`${url}/media/nope.svg`, { method: "POST" })).status).toBe(405);
  });
});
