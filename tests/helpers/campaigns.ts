import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { graphql } from "../generated/gql.js";
import type { CreateCampaignInput } from "../generated/graphql.js";
import type { TestApi } from "./api.js";

/** The tests' usual brief: the Janus launch. */
export const JANUS_BRIEF = {
  name: "Janus launch",
  productDescription: "Janus – AI-powered GTM OS for technical founders",
  gtmGoals: "Launch product and acquire first 100 users in 4 weeks",
};

const CreateCampaignId = graphql(`
  mutation CreateCampaignId($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id } }
  }
`);

/** recordMetrics, asking back only the post's id. */
export const RecordMetrics = graphql(`
  mutation RecordMetricsForPost($input: RecordMetricsInput!) {
    recordMetrics(input: $input) { post { id } }
  }
`);

/** selectVariant, asking back the post's id and its selected variant. */
export const SelectVariant = graphql(`
  mutation SelectVariantOfPost($id: ID!, $label: VariantLabel!) {
    selectVariant(input: { postId: $id, label: $label }) { post { id selectedVariant } }
  }
`);

/** Plans a campaign in-process from this brief (the Janus one unless given); its id. */
export async function createCampaignId(api: Pick<TestApi, "data">, input: CreateCampaignInput = JANUS_BRIEF): Promise<string> {
  return (await api.data(CreateCampaignId, { input })).createCampaign.campaign.id;
}

/** What a query of one campaign's strategy (of `$version`, or the current one) gives. */
type StrategyQuery<S> = TypedDocumentNode<{ campaign: { strategy: S } | null }, { id: string; version?: number | null }>;

/** The strategy `query` reads for this campaign and version (the current one unless given); throws if there is none. */
export async function readStrategy<S>(
  api: Pick<TestApi, "data">,
  query: StrategyQuery<S>,
  id: string,
  version?: number,
): Promise<S> {
  const s = (await api.data(query, { id, version })).campaign?.strategy;
  if (!s) throw new Error("no strategy");
  return s;
}
