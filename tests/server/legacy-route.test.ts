import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type App, buildApp } from "../../src/server.js";

// POST /api/agents/regenerate-strategy/, the prototype's route, over real HTTP.
let dataDir: string;
let app: App;
let url: string;
let campaignId: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-legacy-"));
  app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" }));
  url = await app.start();
  const created = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
    }),
  }).then((r) => r.json() as Promise<{ data: { createCampaign: { campaign: { id: string } } } }>);
  campaignId = created.data.createCampaign.campaign.id;
});
afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const curl = async (body: string) => {
  const { stdout } = await promisify(execFile)("curl", [
    "-s",
    "-w",
    "\n%{http_code}",
    "-X",
    "POST",
    `${url}/api/agents/regenerate-strategy/`,
    "-H",
    "Content-Type: application/json",
    "-d",
    body,
  ]);
  const [json, status] = [stdout.slice(0, stdout.lastIndexOf("\n")), stdout.slice(stdout.lastIndexOf("\n") + 1)];
  return { status: Number(status), body: JSON.parse(json) as Record<string, unknown> };
};

describe("the legacy regenerate-strategy route", () => {
  it("regenerates as the prototype's scripts expect", async () => {
    const r = await curl(
      JSON.stringify({
        campaign_id: campaignId,
        phase_num: 2,
        new_direction: "pivot to developer-first strategy with technical demos",
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, campaign_id: campaignId, new_version: 2 });
    expect(r.body.archived_posts).toBeGreaterThan(0);
    expect(r.body.new_posts).toBeGreaterThan(0);
    expect(r.body.message).toMatch(/version 2/);
  });

  it.each([
    ["a phase out of range", () => JSON.stringify({ campaign_id: campaignId, phase_num: 9, new_direction: "x" }), 400],
    ["a body that is not the expected JSON", () => "{nope", 400],
    ["an unknown campaign", () => JSON.stringify({ campaign_id: "unknown", phase_num: 1, new_direction: "x" }), 404],
  ])("answers %s with success false and status %i", async (_what, body, status) => {
    const r = await curl(body());
    expect(r.status).toBe(status);
    expect(r.body.success).toBe(false);
    expect(typeof r.body.message).toBe("string");
  });
});
