import { graphql } from "../generated/gql.js";

// The documents the live campaign page shares; components keep their own next to them.

export const PostCardFields = graphql(`
  fragment PostCardFields on Post {
    id
    phase
    position
    title
    description
    platform
    status
    contentStatus
    contentError
    selectedVariant
    isActive
    version
    variants { id label generation mediaUrl }
    trigger { firedAt }
  }
`);

export const CampaignPageQuery = graphql(`
  query CampaignPage($id: ID!) {
    campaign(id: $id) {
      id
      name
      status
      statusReason
      currentVersion
      lastEventSequence
      versions { number kind fromPhase direction restoredFrom archivedPostCount createdPostCount createdAt }
      strategy {
        version
        phases { number name posts { ...PostCardFields } }
        links { from { id } to { id } }
      }
    }
  }
`);

export const StrategyAtVersionQuery = graphql(`
  query StrategyAtVersion($id: ID!, $version: Int!) {
    campaign(id: $id) {
      id
      strategy(version: $version) {
        version
        phases { number name posts { ...PostCardFields } }
        links { from { id } to { id } }
      }
    }
  }
`);

export const CampaignEventsSubscription = graphql(`
  subscription CampaignPageEvents($id: ID!, $after: Int) {
    campaignEvents(campaignId: $id, afterSequence: $after) {
      __typename
      sequence
      version
      ... on StrategyRegeneratedEvent { kind fromPhase archivedPostIds }
      ... on PostCreatedEvent { post { id } }
      ... on PostUpdatedEvent { post { id } }
      ... on ContentReadyEvent { post { id } }
      ... on TriggerFiredEvent { post { id title } trigger { action firedAt } }
    }
  }
`);

/** The campaign header's "Approve all": every active draft whose content is ready. */
export const ApproveAllPostsMutation = graphql(`
  mutation ApproveAllPosts($input: CampaignInput!) {
    approveAllPosts(input: $input) {
      campaign { id status }
      approvedPosts { id status }
      skippedPosts { id }
    }
  }
`);
