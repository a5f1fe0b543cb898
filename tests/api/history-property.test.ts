import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { createCampaignId } from "../helpers/campaigns.js";
import { useTestDatabase } from "../helpers/database.js";

// Any sequence of regenerations and restores leaves every version readable exactly as it was
// right after it was created, and postsByCampaign's filters agree with the rows.
const Regen = graphql(`
  mutation RegenForHistory($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) { version }
  }
`);
const Restore = graphql(`
  mutation RestoreForHistory($input: RestoreVersionInput!) {
    restoreVersion(input: $input) { campaign { currentVersion } }
  }
`);
const Snapshot = graphql(`
  query SnapshotForHistory($id: ID!, $version: Int) {
    campaign(id: $id) {
      currentVersion
      strategy(version: $version) {
        phases { number name posts { id } }
        posts { id title phase position version }
        links { from { id } to { id } }
      }
    }
  }
`);
const Posts = graphql(`
  query PostsForHistory($id: ID!, $activeOnly: Boolean, $version: Int) {
    postsByCampaign(campaignId: $id, activeOnly: $activeOnly, version: $version) { id version isActive }
  }
`);

const t = useTestDatabase();

type Step = { kind: "regenerate"; phase: number; direction: string } | { kind: "restore"; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("regenerate" as const),
    phase: fc.integer({ min: 1, max: 6 }),
    direction: fc.string({ minLength: 1, maxLength: 80 }),
  }),
  fc.record({ kind: fc.constant("restore" as const), pick: fc.nat() }),
);

describe("version history under random regenerations and restores", () => {
  it("keeps strategy(version: k) equal to what version k was when it was made", async () => {
    const api = createTestApi(t);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        async (phaseCount, steps) => {
          const input = {
            name: "Janus",
            productDescription: "Janus – AI-powered GTM OS for technical founders",
            gtmGoals: "100 users",
            phaseCount,
          };
          const id = await createCampaignId(api, input);
          const seen = new Map<number, unknown>();
          const record = async () => {
            const { campaign } = await api.data(Snapshot, { id });
            if (campaign) seen.set(campaign.currentVersion, campaign.strategy);
            return campaign?.strategy;
          };
          let current = await record();
          for (const s of steps) {
            if (s.kind === "regenerate") {
              const last = Math.max(...(current?.posts.map((p) => p.phase) ?? [0]));
              const phaseNum = Math.min(s.phase, last + 1, 6);
              const r = await api.request(Regen, {
                input: { campaignId: id, phaseNum, newDirection: `${s.direction.trim() || "x"} pivot` },
              });
              expect(r.errors).toBeUndefined();
            } else {
              await api.data(Restore, { input: { campaignId: id, version: 1 + (s.pick % seen.size) } });
            }
            current = await record();
          }
          for (const [version, strategy] of seen) {
            const { campaign } = await api.data(Snapshot, { id, version });
            expect(campaign?.strategy).toEqual(strategy);
            const created = await api.data(Posts, { id, activeOnly: false, version });
            const rows = await t.db.post.findMany({
              where: { campaignId: id, version },
              orderBy: [{ phase: "asc" }, { position: "asc" }],
            });
            expect(created.postsByCampaign.map((p) => p.id)).toEqual(rows.map((p) => p.id));
          }
          const active = await api.data(Posts, { id });
          expect(active.postsByCampaign.map((p) => p.id)).toEqual(current?.posts.map((p) => p.id));
        },
      ),
      { numRuns: 12 },
    );
  });
});
