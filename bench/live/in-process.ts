// The live path end to end on the embedded default with the offline model, app and subscriber in
// this process (as bench/live.ts measured it before the fan-out part was added):
//   1. commit → first PostCreated at a graphql-ws subscriber: the in-process bus sees a
//      regeneration's events right after its commit; the subscriber's clock stops at its first
//      PostCreated (`rounds` regenerations after `warmup` ones);
//   2. content for 10 posts: from createCampaign's answer to the 10th ContentReady at the
//      subscriber (`campaigns` campaigns of 4 phases, ≥ 10 posts each).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { gql as request } from "../../tests/helpers/http.js";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (n: number) => +n.toFixed(1);

export async function measureInProcess({ rounds = 20, warmup = 3, campaigns = 5 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), "phasewise-bench-live-"));
  const app = await buildApp(loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" }));
  const url = await app.start();
  const client = createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket });

  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => request<T>(url, query, variables);

  const createCampaign = async (phaseCount: number) =>
    (
      await gql<{ createCampaign: { campaign: { id: string } } }>(
        `mutation($n: Int!) { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks", phaseCount: $n }) { campaign { id } } }`,
        { n: phaseCount },
      )
    ).createCampaign.campaign.id;

  /**
   * Calls `onEvent(typename, receivedAt)` for every event of the campaign after `after` (default: the
   * last logged one but one, so that the first delivery proves the stream is live); resolves once
   * the first event arrived.
   */
  async function watch(campaignId: string, onEvent: (type: string, at: number) => void, after?: number) {
    const before = (
      await gql<{ campaign: { lastEventSequence: number } }>(`query($id: ID!) { campaign(id: $id) { lastEventSequence } }`, {
        id: campaignId,
      })
    ).campaign.lastEventSequence;
    let ready: () => void = () => {};
    const subscribed = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const stop = client.subscribe<{ campaignEvents: { __typename: string } }>(
      {
        query: `subscription($id: ID!, $after: Int) { campaignEvents(campaignId: $id, afterSequence: $after) { __typename } }`,
        variables: { id: campaignId, after: after ?? Math.max(0, before - 1) },
      },
      {
        next: (r) => {
          const type = r.data?.campaignEvents.__typename ?? "error";
          if (type !== "error") ready();
          onEvent(type, performance.now());
        },
        error: (e) => console.error(e),
        complete: () => {},
      },
    );
    await subscribed;
    return stop;
  }

  const settle = async (campaignId: string) => {
    while ((await app.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === "GENERATING_CONTENT")
      await new Promise((r) => setTimeout(r, 20));
  };

  try {
    // 1. Commit → first PostCreated at the subscriber.
    const latency: number[] = [];
    {
      const id = await createCampaign(3);
      await settle(id);
      let committedAt = 0;
      let firstPostCreated = 0;
      const bus = app.events.subscribe("campaign", id);
      (async () => {
        for await (const event of bus) if (event.type === "StrategyRegenerated") committedAt = performance.now();
      })();
      const stop = await watch(id, (type, at) => {
        if (type === "PostCreatedEvent" && !firstPostCreated) firstPostCreated = at;
      });
      for (let i = 0; i < warmup + rounds; i++) {
        committedAt = 0;
        firstPostCreated = 0;
        await gql(
          `mutation($id: ID!, $d: String!) { regenerateStrategy(input: { campaignId: $id, phaseNum: 2, newDirection: $d }) { version } }`,
          { id, d: `direction ${i}: developer-first demos` },
        );
        while (!firstPostCreated) await new Promise((r) => setImmediate(r));
        if (i >= warmup) latency.push(firstPostCreated - committedAt);
        await settle(id);
      }
      stop();
      await bus.return?.();
    }

    // 2. Content for 10 posts, offline.
    const contentTimes: number[] = [];
    for (let i = 0; i < campaigns; i++) {
      let ready = 0;
      let tenth = 0;
      const started = performance.now();
      const id = await createCampaign(4);
      // From the first event: content that was ready before the subscription counts when it arrives.
      const stop = await watch(
        id,
        (type, at) => {
          if (type === "ContentReadyEvent" && ++ready === 10) tenth = at;
        },
        0,
      );
      while (!tenth) await new Promise((r) => setTimeout(r, 5));
      contentTimes.push(tenth - started);
      stop();
      await settle(id);
    }

    return {
      commitToFirstPostCreatedMs: {
        runs: rounds,
        p50: ms(percentile(latency, 50)),
        p95: ms(percentile(latency, 95)),
        max: ms(Math.max(...latency)),
      },
      contentFor10PostsMs: {
        runs: campaigns,
        p50: ms(percentile(contentTimes, 50)),
        p95: ms(percentile(contentTimes, 95)),
        max: ms(Math.max(...contentTimes)),
      },
    };
  } finally {
    await client.dispose();
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
