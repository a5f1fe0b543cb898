import { graphql } from "../generated/gql.js";

/** The chat bar's `/regenerate phase N <direction>`; the page's event stream brings the new posts. */
export const RegenerateStrategyMutation = graphql(`
  mutation ChatRegenerateStrategy($input: RegenerateStrategyInput!) {
    regenerateStrategy(input: $input) {
      version
      campaign { id currentVersion }
    }
  }
`);
