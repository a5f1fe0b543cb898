import { graphql } from "../generated/gql.js";

// The timeline's own documents; viewing one version uses StrategyAtVersionQuery (campaign/documents.ts).

/** What changed between two versions, with both strategies (the removed posts are drawn from `fromStrategy`). */
export const CompareVersionsQuery = graphql(`
  query TimelineCompareVersions($id: ID!, $from: Int!, $to: Int!) {
    compareVersions(campaignId: $id, from: $from, to: $to) {
      from
      to
      addedPosts { id }
      removedPosts { id }
      keptPosts { id }
    }
    campaign(id: $id) {
      id
      fromStrategy: strategy(version: $from) {
        version
        phases { number name posts { ...PostCardFields } }
        links { from { id } to { id } }
      }
      toStrategy: strategy(version: $to) {
        version
        phases { number name posts { ...PostCardFields } }
        links { from { id } to { id } }
      }
    }
  }
`);

/** Makes an earlier version current again, as version current+1; nothing is deleted. */
export const RestoreVersionMutation = graphql(`
  mutation TimelineRestoreVersion($input: RestoreVersionInput!) {
    restoreVersion(input: $input) {
      campaign { id currentVersion }
    }
  }
`);
