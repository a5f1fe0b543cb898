import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { gql } from "../helpers/http.js";
import { startService, stopService } from "../helpers/service-process.js";

// `npm start` as a real process, stopped by a signal in the middle of its work.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-shutdown-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const startServer = () => startService({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn" });

describe("a signal to the running service", () => {
  let campaignId: string;

  it("on SIGTERM: closes subscriptions, stops its jobs, exits 0 and frees the data directory", async () => {
    const server = await startServer();
    const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
      server.url,
      `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
    );
    campaignId = createCampaign.campaign.id;

    let closeCode: number | undefined;
    const client = createClient({
      url: `${server.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {}, // the close is what this test expects
      on: {
        closed: (event) => {
          closeCode = (event as { code: number }).code;
        },
      },
    });
    const subscribed = new Promise<void>((resolve) => {
      client.subscribe(
        { query: `subscription($id: ID!) { campaignEvents(campaignId: $id) { __typename } }`, variables: { id: campaignId } },
        { next: () => resolve(), error: () => {}, complete: () => {} },
      );
    });
    await subscribed; // content events are flowing: jobs are running

    expect(await stopService(server, "SIGTERM")).toBe(0);
    expect(server.output()).toContain("SIGTERM: shutting down");
    expect(closeCode).toBe(1001); // "going away": the client knows to reconnect elsewhere
    await client.dispose();
  });

  it("on the next start, finishes the content the stopped one left, and SIGINT stops it too", async () => {
    const server = await startServer();
    const read = () =>
      gql<{
        campaign: {
          status: string;
          strategy: { posts: { contentStatus: string; variants: { label: string; generation: number }[] }[] };
        };
      }>(
        server.url,
        `query($id: ID!) { campaign(id: $id) { status strategy { posts { contentStatus variants { label generation } } } } }`,
        { id: campaignId },
      );
    const end = Date.now() + 30_000;
    let campaign = (await read()).campaign;
    while (campaign.status !== "READY" && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      campaign = (await read()).campaign;
    }
    expect(campaign.status).toBe("READY");
    for (const post of campaign.strategy.posts)
      expect(post.variants.map((v) => `${v.label}${v.generation}`)).toEqual(["A1", "B1"]);
    expect(await stopService(server, "SIGINT")).toBe(0);
  });
});
