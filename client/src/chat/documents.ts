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

/** `@Post title <trigger>`: the model reads the trigger; the card shows ⏰ through the page's stream. */
export const ChatSetTriggerMutation = graphql(`
  mutation ChatSetTrigger($input: SetTriggerInput!) {
    setTrigger(input: $input) {
      post { id title trigger { metric comparison value durationSeconds action firedAt } }
    }
  }
`);

/** `/followup <prompt>`: a new post after the selected ones; the stream draws it. */
export const CreateFollowUpPostMutation = graphql(`
  mutation ChatCreateFollowUpPost($input: CreateFollowUpPostInput!) {
    createFollowUpPost(input: $input) {
      post { id title phase }
    }
  }
`);
