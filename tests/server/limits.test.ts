import { request } from "node:http";
import { formatDocument } from "@urql/core";
import { type DocumentNode, getIntrospectionQuery, type OperationDefinitionNode, print } from "graphql";
import { describe, expect, it } from "vitest";
import * as canvasDocuments from "../../client/src/generated/graphql.js";
import { GRAPHQL_LIMITS, type LimitName, measureOperation, type OperationSize } from "../../src/security/limits.js";
import { useServedApp } from "../helpers/served-app.js";

// The GraphQL limits, over real HTTP on the service as `npm start` builds it: what the canvas and
// GraphiQL send passes with room to spare; one past each limit is refused as the caller's bad input.
const MAX_BODY_BYTES = 1024 * 1024;
const dev = useServedApp("phasewise-limits-");
const production = useServedApp("phasewise-limits-", { NODE_ENV: "production" });

interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResult };
}
const query = (url: string, text: string) => post(url, { query: text }).then((r) => r.body);

/** Every operation the canvas sends, as urql sends it (queries and mutations get __typename added). */
const canvasOperations = Object.entries(canvasDocuments)
  .filter(([name]) => name.endsWith("Document"))
  .map(([name, value]) => {
    const document = value as DocumentNode;
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
    const sent = operation?.operation === "subscription" ? document : formatDocument(document);
    return { name: name.replace(/Document$/, ""), kind: operation?.operation, text: print(sent) };
  });
/** GraphiQL's schema query, with every option it may turn on (the largest it can be). */
const graphiqlSchemaQuery = getIntrospectionQuery({
  descriptions: true,
  inputValueDeprecation: true,
  schemaDescription: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  oneOf: true,
});
const firstPartyOperations = [...canvasOperations, { name: "GraphiQL's schema query", kind: "query", text: graphiqlSchemaQuery }];
const LIMIT_NAMES = Object.keys(GRAPHQL_LIMITS) as LimitName[];

describe("the operations Phasewise's own clients send", () => {
  it("are all there: every document of the canvas, and GraphiQL's", () => {
    expect(canvasOperations.length).toBeGreaterThanOrEqual(20);
    expect(canvasOperations.map((o) => o.name)).toContain("CampaignPage");
  });

  it("each measure at most 2/3 of every limit (the limits are ≈1.5× the heaviest)", () => {
    const sizes = firstPartyOperations.map((o) => ({ name: o.name, ...measureOperation(o.text) }));
    const heaviest: OperationSize = { ...GRAPHQL_LIMITS };
    for (const limit of LIMIT_NAMES) heaviest[limit] = Math.max(...sizes.map((size) => size[limit]));
    console.info("heaviest first-party operation:", heaviest, "limits:", GRAPHQL_LIMITS);
    for (const size of sizes)
      for (const limit of LIMIT_NAMES)
        expect(size[limit], `${size.name}: ${limit} ${size[limit]} > 2/3 of ${GRAPHQL_LIMITS[limit]}`).toBeLessThanOrEqual(
          (GRAPHQL_LIMITS[limit] * 2) / 3,
        );
  });

  it.each(firstPartyOperations)("$name passes the server's parsing and validation", async ({ kind, text }) => {
    const { errors = [] } = await query(dev.url, text);
    // Without variables, only variable coercion (after validation) may complain; a subscription
    // sent as a plain POST is refused for its transport, also after validation.
    for (const error of errors) {
      expect(error.extensions?.limit).toBeUndefined();
      expect(error.message).toMatch(kind === "subscription" ? /^(Variable "\$|.*subscription)/i : /^Variable "\$/);
    }
  });
});

// Builders of valid queries whose size is exactly n on one count and small on the others.
const chain = ["campaigns", "strategy", "phases", "posts", ...Array<string>(20).fill("next")];
/** `{ campaigns { strategy { … { id } } } }`, depth n. */
const ofDepth = (n: number) => `{ ${chain.slice(0, n - 1).join(" { ")} { id }${" }".repeat(n - 2)} }`;
const ofAliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: campaigns { id }`).join(" ")} }`;
/** `{ __typename … }`: the braces and n − 2 fields. */
const ofTokens = (n: number) => `{ ${"__typename ".repeat(n - 2)}}`;
const ofDirectives = (n: number) => `{ ${"__typename @include(if: true) ".repeat(n)}}`;
/**
 * Cost exactly n: a few nested blocks of integral cost (a chain of d objects over k leaves costs
 * (k + 4)·1.5^d − 4, an integer when 2^d divides k + 4), then top-level __typename at 1 each.
 * For 1279: 725 + 239 + 239 + 23 + 23 + 23 + 7 × 1, in 212 tokens.
 */
function ofCost(n: number) {
  const blocks: string[] = [];
  let left = n;
  for (let d = 6; d >= 2; d--) {
    const k = d > 2 ? 2 ** d - 4 : 4;
    const cost = (k + 4) * 1.5 ** d - 4;
    while (cost <= left) {
      blocks.push(`${chain.slice(0, d).join(" { ")} { ${"__typename ".repeat(k)}${"} ".repeat(d)}`);
      left -= cost;
    }
  }
  return `{ ${blocks.join("")}${"__typename ".repeat(left)}}`;
}
const builders: Record<LimitName, (n: number) => string> = {
  depth: ofDepth,
  aliases: ofAliases,
  tokens: ofTokens,
  directives: ofDirectives,
  cost: ofCost,
};

describe.each(LIMIT_NAMES)("the %s limit", (limit) => {
  const max = GRAPHQL_LIMITS[limit];
  const atLimit = builders[limit](max);
  const overLimit = limit === "cost" ? atLimit.replace(/}$/, "__typename }") : builders[limit](max + 1);

  it("is measured as intended by the test's own queries", () => {
    expect(measureOperation(atLimit)[limit]).toBe(max);
    expect(measureOperation(overLimit)[limit]).toBe(max + 1);
    for (const other of LIMIT_NAMES.filter((l) => l !== limit)) {
      expect(measureOperation(overLimit)[other], other).toBeLessThanOrEqual(GRAPHQL_LIMITS[other]);
    }
  });

  it(`passes an operation exactly at the limit (${max})`, async () => {
    const result = await query(dev.url, atLimit);
    expect(result.errors).toBeUndefined();
    expect(result.data).toBeDefined();
  });

  it("refuses one past it with BAD_USER_INPUT and a message naming the limit", async () => {
    const { status, body } = await post(dev.url, { query: overLimit });
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`its ${limit} is over the limit of ${max}`));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", limit, max });
    expect(status).toBeLessThan(500);
  });
});

describe("a request body", () => {
  /** A JSON body of exactly `bytes` bytes: { __typename } with an unused variable as padding. */
  const bodyOf = (bytes: number) => {
    const empty = JSON.stringify({ query: "{ __typename }", variables: { pad: "" } });
    return JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(bytes - empty.length) } });
  };

  it(`of exactly MAX_BODY_BYTES (${MAX_BODY_BYTES}) is answered`, async () => {
    const body = bodyOf(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const { status, body: result } = await post(dev.url, body);
    expect(status).toBe(200);
    expect(result.data).toEqual({ __typename: "Query" });
  });

  it("one byte over is refused with 413", async () => {
    const { status, body } = await post(dev.url, bodyOf(MAX_BODY_BYTES + 1));
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("one byte over, streamed without a Content-Length, is refused with 413 too", async () => {
    const { hostname, port } = new URL(dev.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: hostname, port, path: "/graphql", method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      const body = Buffer.from(bodyOf(MAX_BODY_BYTES + 1));
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("holding a batch (a JSON array of operations) is refused", async () => {
    const { status, body } = await post(dev.url, [{ query: "{ __typename }" }, { query: "{ __typename }" }]);
    expect(status).toBe(400);
    expect(body).not.toBeInstanceOf(Array);
    expect((body as GraphQLResult).errors?.[0]).toMatchObject({
      message: "Batching is not supported.",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("in production (NODE_ENV=production)", () => {
  it("refuses introspection (__schema and __type), while __typename still works", async () => {
    for (const text of ["{ __schema { types { name } } }", '{ __type(name: "Campaign") { fields { name } } }']) {
      const result = await query(production.url, text);
      expect(result.data ?? undefined).toBeUndefined();
      expect(result.errors?.[0]?.message).toMatch(/introspection has been disabled/);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    expect((await query(production.url, graphiqlSchemaQuery)).errors?.[0]?.message).toMatch(/introspection has been disabled/);
    expect(await query(production.url, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
    // Development keeps it, for GraphiQL.
    expect((await query(dev.url, graphiqlSchemaQuery)).data?.__schema).toBeDefined();
  });

  it("serves no GraphiQL page", async () => {
    const page = await fetch(`${production.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(await page.text()).not.toContain("GraphiQL");
    const devPage = await fetch(`${dev.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await devPage.text()).toContain("Phasewise GraphiQL");
  });

  it('gives no suggestions ("Did you mean …") for fields, arguments, types or enum values', async () => {
    const typos: [string, Record<string, unknown>?][] = [
      ["{ campaigns { nam } }"],
      ["{ campaign(idd: 1) { id } }"],
      ["{ campaigns { status ... on Campaig { id } } }"],
      ['mutation { selectVariant(input: { postId: "1", label: AA }) { post { id } } }'],
      [
        'mutation($label: VariantLabel!) { selectVariant(input: { postId: "1", label: $label }) { post { id } } }',
        { label: "AA" },
      ],
    ];
    for (const [text, variables] of typos) {
      const [inDev] = (await post(dev.url, { query: text, variables })).body.errors ?? [];
      expect(inDev?.message).toMatch(/Did you mean/);
      const [inProduction] = (await post(production.url, { query: text, variables })).body.errors ?? [];
      expect(inProduction?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(inProduction?.message).toBe(inDev?.message.replace(/\s*Did you mean [^?]*\?/, ""));
      expect(inProduction?.message).not.toMatch(/Did you mean/);
    }
  });

  it("keeps the limits", async () => {
    const [error] = (await query(production.url, ofDepth(GRAPHQL_LIMITS.depth + 1))).errors ?? [];
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: "depth" });
  });
});
