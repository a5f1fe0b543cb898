import { describe, expect, it } from "vitest";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { createCampaignId } from "../helpers/campaigns.js";
import { CountingModel } from "../helpers/counting-model.js";
import { useTestDatabase } from "../helpers/database.js";

// Races belong on the real server: PGlite runs one transaction at a time, which would hide them.
// The model takes 200 ms, so all ten requests plan against the same version before any commits.
const Race = graphql(`
  mutation Race($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) { version }
  }
`);

const t = useTestDatabase();

async function race(withExpectedVersion: boolean) {
  const api = createTestApi(t, { model: new CountingModel(200), name: "offline" });
  const id = await createCampaignId(api);
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      api.request(Race, {
        input: {
          campaignId: id,
          phaseNum: 2,
          newDirection: `direction ${i}`,
          ...(withExpectedVersion ? { expectedVersion: 1 } : {}),
        },
      }),
    ),
  );
  const versions = await t.db.strategyVersion.findMany({ where: { campaignId: id }, orderBy: { number: "asc" } });
  const active = await t.db.post.findMany({ where: { campaignId: id, isActive: true } });
  const campaign = await t.db.campaign.findUniqueOrThrow({ where: { id } });
  return { results, versions, active, campaign };
}

/** Every active post of a phase was created by the same version: one post set per phase. */
const oneSetPerPhase = (posts: { phase: number; version: number }[]) =>
  [...Map.groupBy(posts, (p) => p.phase).values()].every((group) => new Set(group.map((p) => p.version)).size === 1);

describe("concurrent regenerations on PostgreSQL", () => {
  it("with the same expectedVersion: exactly one wins, nine get VERSION_CONFLICT", async () => {
    const { results, versions, active, campaign } = await race(true);
    const codes = results.map((r) => (r.errors ? r.errors[0]?.extensions?.code : "OK"));
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c === "VERSION_CONFLICT")).toHaveLength(9);
    expect(campaign.currentVersion).toBe(2);
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect(oneSetPerPhase(active)).toBe(true);
    expect(active.filter((p) => p.phase >= 2).every((p) => p.version === 2)).toBe(true);
  });

  it("without expectedVersion: every success is its own consecutive version, one post set per phase", async () => {
    const { results, versions, active, campaign } = await race(false);
    const won = results.filter((r) => !r.errors).map((r) => r.data?.regenerateStrategy.version ?? 0);
    expect(results.filter((r) => r.errors).every((r) => r.errors?.[0]?.extensions?.code === "VERSION_CONFLICT")).toBe(true);
    expect(won.length).toBeGreaterThan(0);
    expect([...won].sort((a, b) => a - b)).toEqual(Array.from({ length: won.length }, (_, i) => i + 2));
    expect(versions.map((v) => v.number)).toEqual(Array.from({ length: won.length + 1 }, (_, i) => i + 1));
    expect(campaign.currentVersion).toBe(won.length + 1);
    expect(oneSetPerPhase(active)).toBe(true);
    expect(active.filter((p) => p.phase >= 2).every((p) => p.version === campaign.currentVersion)).toBe(true);
    console.info(`10 concurrent regenerations without expectedVersion: ${won.length} succeeded`);
  });
});
