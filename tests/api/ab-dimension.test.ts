import { afterAll, beforeAll, expect, it } from "vitest";
import { WRITE_CONTENT_TOOL } from "../../src/ai/schemas.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { type FakeOpenAI, fakeChatModel, startFakeOpenAI } from "../helpers/fake-openai.js";
import { until } from "../helpers/http.js";

// What A and B differ in on purpose is stored with the copy and shown on every variant, so that a
// person reading the A/B results knows what the test measured: as the model names it (read
// leniently), or TONE when it names none.

const Create = graphql(`
  mutation AbCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id } }
  }
`);
const Variants = graphql(`
  query AbVariants($id: ID!) {
    campaign(id: $id) { status strategy { posts { variants { label abDimension approach } } } }
  }
`);

let t: TestDatabase;
let fake: FakeOpenAI;
/** What the model adds to its copy: a dimension and approaches, or nothing. */
let recorded = true;
beforeAll(async () => {
  t = await openTestDatabase();
  fake = await startFakeOpenAI({
    offline: {
      answer: (tool, args) => {
        if (tool !== WRITE_CONTENT_TOOL) return { tool: args };
        const { A, B } = args as { A: Record<string, unknown>; B: Record<string, unknown> };
        if (!recorded) {
          const bare = ({ text, hook, mediaCaption }: Record<string, unknown>) => ({ text, hook, mediaCaption });
          return { tool: { A: bare(A), B: bare(B) } };
        }
        return {
          tool: {
            dimension: "hook",
            A: { ...A, approach: " A number as the hook " },
            B: { ...B, approach: "A question as the hook" },
          },
        };
      },
    },
  });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

async function variantsOf(name: string) {
  const api = createTestApi(t, fakeChatModel(fake));
  await api.startWorkers();
  const input = {
    name,
    productDescription: "Janus – AI-powered GTM OS for technical founders",
    gtmGoals: "100 users in 4 weeks",
  };
  const { id } = (await api.data(Create, { input })).createCampaign.campaign;
  let read = await api.data(Variants, { id });
  await until(async () => {
    read = await api.data(Variants, { id });
    return read.campaign?.status === "READY";
  });
  return read.campaign?.strategy.posts.flatMap((p) => p.variants) ?? [];
}

it("keeps the dimension the model tested and each variant's approach; copy that names none differs in TONE", async () => {
  const tested = await variantsOf("Janus with a tested dimension");
  expect(tested.length).toBeGreaterThan(0);
  for (const v of tested)
    expect(v).toEqual({
      label: v.label,
      abDimension: "HOOK",
      approach: v.label === "A" ? "A number as the hook" : "A question as the hook",
    });

  recorded = false;
  const untested = await variantsOf("Janus without one");
  expect(untested.length).toBeGreaterThan(0);
  for (const v of untested) expect(v).toEqual({ label: v.label, abDimension: "TONE", approach: null });
});
