import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { graphql } from "../generated/gql.js";
import { createTestApi } from "../helpers/api.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";

// A nested read costs a fixed number of SQL statements, whatever the number of posts (no N+1).
let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
let small: string;
let large: string;

beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  small = (await writeSampleCampaign(t.db, { key: "ten", phases: 2, postsPerPhase: 5, initialOnly: true })).campaignId;
  large = (await writeSampleCampaign(t.db, { key: "hundred", phases: 10, postsPerPhase: 10, initialOnly: true })).campaignId;
});
afterAll(() => t?.close());

const NestedPosts = graphql(`
  query NestedPosts($id: ID!) {
    postsByCampaign(campaignId: $id) {
      id title
      next { id title next { id } variants { label text } }
      previous { id }
      variants { label generation text mediaUrl }
      metrics { variants { label likes impressions } }
      campaign { id name }
    }
  }
`);

const NestedStrategy = graphql(`
  query NestedStrategy($id: ID!) {
    campaign(id: $id) {
      versions { number }
      strategy {
        phases { name posts { id next { id } variants { label } } }
        posts { id metrics { variants { likes } } }
        links { from { id } to { id } }
        mermaid
      }
    }
  }
`);

async function countStatements<T, V>(document: Parameters<typeof api.data<T, V>>[0], variables: V) {
  t.statements.length = 0;
  const data = await api.data(document, variables);
  return { data, count: t.statements.length };
}

describe("SQL statements per request", () => {
  it("postsByCampaign with nested next, variants and metrics costs the same for 10 and 100 posts", async () => {
    const ten = await countStatements(NestedPosts, { id: small });
    const hundred = await countStatements(NestedPosts, { id: large });
    expect(ten.data.postsByCampaign).toHaveLength(10);
    expect(hundred.data.postsByCampaign).toHaveLength(100);
    expect(hundred.data.postsByCampaign[0]?.next[0]?.variants).toHaveLength(2);
    expect(hundred.count).toBe(ten.count);
    console.info(`postsByCampaign: ${ten.count} statements for 10 posts, ${hundred.count} for 100 posts`);
  });

  it("a campaign's strategy with phases, posts and links costs the same for 10 and 100 posts", async () => {
    const ten = await countStatements(NestedStrategy, { id: small });
    const hundred = await countStatements(NestedStrategy, { id: large });
    expect(ten.data.campaign?.strategy.posts).toHaveLength(10);
    expect(hundred.data.campaign?.strategy.posts).toHaveLength(100);
    expect(hundred.count).toBe(ten.count);
    console.info(`strategy: ${ten.count} statements for 10 posts, ${hundred.count} for 100 posts`);
  });
});
