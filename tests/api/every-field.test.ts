import {
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isUnionType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { schema } from "../../src/schema/index.js";
import { evaluateTriggerCheck } from "../../src/services/trigger-check.js";
import { createTestApi } from "../helpers/api.js";
import { JANUS_BRIEF } from "../helpers/campaigns.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";
import { until } from "../helpers/http.js";

// Any field of the schema works when it is the only one selected: each object type reachable from
// the roots is queried field by field, under every field that leads to it, on a campaign that has
// every kind of data (versions, a published post with metrics and a fired trigger, an event of every
// type). A resolver that reads data only another field's selection loads fails here. The fields come
// from the schema itself, so a new field is covered the day it is added.

type Field = GraphQLField<unknown, unknown>;
/** One step into a selection: a field of a type, or an inline fragment on a member of an abstract type. */
type Step = { owner: string; field: Field } | { on: string };
type Root = "query" | "mutation" | "subscription";

const fieldsOf = (type: GraphQLCompositeType): Field[] => (isUnionType(type) ? [] : Object.values(type.getFields()));
const isList = (field: Field) => isListType(getNullableType(field.type));

/** The selection sets one step below a type: its composite fields, and fragments on its members. */
function stepsBelow(type: GraphQLCompositeType, follow: (owner: string, field: Field) => boolean) {
  const below: [GraphQLCompositeType, Step][] = [];
  for (const field of fieldsOf(type)) {
    const child = getNamedType(field.type);
    if (isCompositeType(child) && follow(type.name, field)) below.push([child, { owner: type.name, field }]);
  }
  if (isAbstractType(type)) for (const member of schema.getPossibleTypes(type)) below.push([member, { on: member.name }]);
  return below;
}

/** The shortest way to a selection set of each type reachable from the root (breadth first). */
function shortestPaths(root: GraphQLObjectType, follow: (owner: string, field: Field) => boolean) {
  const paths = new Map<string, { type: GraphQLCompositeType; path: Step[] }>([[root.name, { type: root, path: [] }]]);
  for (const { type, path } of paths.values()) // a Map iterates over entries added while iterating
    for (const [child, step] of stepsBelow(type, follow))
      if (!paths.has(child.name)) paths.set(child.name, { type: child, path: [...path, step] });
  return paths;
}

/**
 * Each field of each type on its own, at each place listed: a case is the path to a selection
 * set and the one field selected there.
 */
function casesAt(
  places: { type: GraphQLCompositeType; path: Step[] }[],
  follow: (owner: string, field: Field) => boolean,
): Step[][] {
  return places.flatMap(({ type, path }) =>
    fieldsOf(type)
      .filter((field) => path.length > 0 || follow(type.name, field)) // the root's fields walked
      .map((field) => [...path, { owner: type.name, field }]),
  );
}

/** Every selection set of every type, under every field (or fragment) that leads to it. */
function underEveryEdge(root: GraphQLObjectType, follow: (owner: string, field: Field) => boolean = () => true) {
  const paths = [...shortestPaths(root, follow).values()];
  return casesAt(
    [
      paths[0] as (typeof paths)[number],
      ...paths.flatMap(({ type, path }) =>
        stepsBelow(type, follow).map(([child, step]) => ({ type: child, path: [...path, step] })),
      ),
    ],
    follow,
  );
}

const queryTypes = new Set(shortestPaths(schema.getQueryType() as GraphQLObjectType, () => true).keys());

/**
 * Under a mutation's payload or a subscription's events: every edge out of the types only that
 * root reaches (payloads, events), and each type the query walk covers at its shortest place
 * through single objects (`post { metrics { totals { likes } } }`), which tells whether the
 * payload or event hands its selection down; that type's lists are walked by the query cases.
 */
function belowRoot(root: GraphQLObjectType, rootFields: string[]) {
  const follow = (owner: string, field: Field) => owner !== root.name || rootFields.includes(field.name);
  const own = underEveryEdge(root, (owner, field) => !queryTypes.has(owner) && follow(owner, field));
  const ownNames = new Set(own.map((c) => stepName(c)));
  const singles = [...shortestPaths(root, (owner, field) => follow(owner, field) && !isList(field)).values()].filter(({ type }) =>
    queryTypes.has(type.name),
  );
  return [...own, ...casesAt(singles, follow).filter((c) => !ownNames.has(stepName(c)))];
}

const stepName = (steps: Step[]) => steps.map((s) => ("on" in s ? `on ${s.on}` : s.field.name)).join(".");

/** `{ post(id) { metrics { totals } } }`: how a case reads in the test's name. */
function caseName(steps: Step[]) {
  return steps.reduceRight((inner, step) => {
    const label =
      "on" in step
        ? `... on ${step.on}`
        : `${step.field.name}${step.field.args.length ? `(${step.field.args.map((a) => a.name).join(", ")})` : ""}`;
    return inner ? `${label} { ${inner} }` : label;
  }, "");
}

/** The operation for a case; arguments are variables whose values `argument` gives. */
function operation(root: Root, steps: Step[], argument: (key: string, steps: Step[]) => unknown) {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const selection = steps.reduceRight((inner, step, i) => {
    if ("on" in step) return `... on ${step.on} { ${inner} }`;
    const args = step.field.args.flatMap((arg) => {
      const key = `${step.owner}.${step.field.name}.${arg.name}`;
      const value = argument(key, steps);
      if (value === undefined) {
        if (isNonNullType(arg.type) && arg.defaultValue === undefined)
          throw new Error(`no value for ${key}: give it a value in argument()`);
        return [];
      }
      const name = `v${declarations.length}`;
      declarations.push(`$${name}: ${arg.type}`);
      variables[name] = value;
      return [`${arg.name}: $${name}`];
    });
    const call = `${step.field.name}${args.length ? `(${args.join(", ")})` : ""}`;
    // The field under test gets nothing but __typename below it: the least a selection can ask.
    const below = i === steps.length - 1 ? (isCompositeType(getNamedType(step.field.type)) ? "__typename" : "") : inner;
    return below ? `${call} { ${below} }` : call;
  }, "");
  const header = declarations.length ? `${root}(${declarations.join(", ")})` : root;
  return { query: `${header} { ${selection} }`, variables };
}

/** Whether the answer reaches the field under test (no empty list or null on the way to it). */
function reached(data: unknown, steps: Step[]): boolean {
  let level: unknown[] = [data];
  for (const step of steps.slice(0, -1)) {
    if ("on" in step) continue; // objects of other types simply lack the fields below
    level = level.flatMap((o) => {
      const value = (o as Record<string, unknown> | null)?.[step.field.name];
      return value == null ? [] : Array.isArray(value) ? value : [value];
    });
  }
  const leaf = steps.at(-1) as { field: Field };
  return level.some((o) => typeof o === "object" && o !== null && leaf.field.name in o);
}

// ---------------------------------------------------------------------------------------------
// The campaign every case reads: two versions (a regeneration from phase 2), content written, and
// a phase-2 post that leads into phase 3, published, with metrics for A and B and a fired trigger.

let t: TestDatabase;
let api: ReturnType<typeof createTestApi>;
const seed = { campaignId: "", postId: "", restoreCampaignId: "", firstSequence: new Map<string, number>() };
const regeneration = () => ({
  campaignId: seed.campaignId,
  phaseNum: 2,
  newDirection: "pivot to developer-first strategy with technical demos",
  idempotencyKey: "every-field",
});

async function data<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await api.request<T, Record<string, unknown>>(query, variables);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}
const contentReady = (id: string) =>
  until(async () => (await t.db.campaign.findUniqueOrThrow({ where: { id } })).status === "READY");

beforeAll(async () => {
  t = await openTestDatabase();
  api = createTestApi(t);
  await api.startWorkers();
  const created = await data<{ createCampaign: { campaign: { id: string } } }>(
    "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } } }",
    { input: JANUS_BRIEF },
  );
  seed.campaignId = created.createCampaign.campaign.id;
  await contentReady(seed.campaignId);
  await data("mutation($input: RegenerateStrategyInput!) { regenerateStrategy(input: $input) { version } }", {
    input: regeneration(),
  });
  await contentReady(seed.campaignId);

  const { campaign } = await data<{
    campaign: { strategy: { links: { from: { id: string; phase: number }; to: { id: string } }[] } };
  }>("query($id: ID!) { campaign(id: $id) { strategy { links { from { id phase } to { id } } } } }", { id: seed.campaignId });
  const leading = campaign.strategy.links.find((l) => l.from.phase === 2);
  if (!leading) throw new Error("the plan has no link out of phase 2");
  seed.postId = leading.from.id;
  const postInput = { input: { postId: seed.postId } };
  await data("mutation($input: SetTriggerInput!) { setTrigger(input: $input) { post { id } } }", {
    input: { postId: seed.postId, text: "fewer than 5 likes within 1 hour, rewrite with a more technical hook" },
  });
  const approved = await data<{ approvePost: { post: { publishedAt: string } } }>(
    "mutation($input: PostInput!) { approvePost(input: $input) { post { publishedAt } } }",
    postInput,
  );
  for (const [label, likes] of [
    ["A", 12],
    ["B", 3],
  ] as const)
    await data("mutation($input: RecordMetricsInput!) { recordMetrics(input: $input) { post { id } } }", {
      input: { postId: seed.postId, label, likes, retweets: 1, impressions: 400, comments: 2 },
    });
  const hourLater = new Date(new Date(approved.approvePost.post.publishedAt).getTime() + 3_600_000);
  expect(await evaluateTriggerCheck(api.services, { postId: seed.postId }, () => hourLater)).toBe("fired");
  await contentReady(seed.campaignId);

  for (const row of await t.db.eventLog.findMany({ where: { campaignId: seed.campaignId }, orderBy: { sequence: "desc" } }))
    seed.firstSequence.set(`${row.type}Event`, row.sequence);
  // restoreVersion adds a version on every call: it gets a campaign of its own.
  seed.restoreCampaignId = (await writeSampleCampaign(t.db, { key: "every-field-restores" })).campaignId;
});
afterAll(() => t?.close());

/** Input of a mutation that can be sent again and again, one per payload type. */
const REPEATABLE: Record<string, () => unknown> = {
  recordMetrics: () => ({ postId: seed.postId, label: "B", likes: 3, retweets: 1, impressions: 400, comments: 2 }),
  // The same idempotency key and arguments: the stored result, nothing planned again.
  regenerateStrategy: regeneration,
  approveAllPosts: () => ({ campaignId: seed.campaignId }),
  restoreVersion: () => ({ campaignId: seed.restoreCampaignId, version: 1 }),
};

/** Values of the arguments along a case; those not listed are left out (they must be optional). */
function argument(key: string, steps: Step[]): unknown {
  const [root, field, arg] = key.split(".");
  if (root === "Mutation" && arg === "input") return REPEATABLE[field as string]?.();
  // A replay from just before the first event of the type the case selects a fragment on.
  if (key === "Subscription.campaignEvents.afterSequence") {
    const on = steps.find((s): s is { on: string } => "on" in s);
    return on ? (seed.firstSequence.get(on.on) ?? 1) - 1 : 0;
  }
  const values: Record<string, unknown> = {
    "Query.campaign.id": seed.campaignId,
    "Query.post.id": seed.postId,
    "Query.postsByCampaign.campaignId": seed.campaignId,
    "Query.compareVersions.campaignId": seed.campaignId,
    "Query.compareVersions.from": 1,
    "Query.compareVersions.to": 2,
    "Subscription.campaignEvents.campaignId": seed.campaignId,
  };
  return values[key];
}

/** The answer's errors and whether it reached the field, with the operation and the logged causes to say what broke. */
async function run(root: Root, steps: Step[]) {
  const { query, variables } = operation(root, steps, argument);
  const logged = api.logged.length;
  const result = root === "subscription" ? await api.firstEvent(query, variables) : await api.request(query, variables);
  const causes = api.logged.slice(logged).map((args) => String(args[1]).split("\n").at(-1));
  return {
    outcome: { errors: result.errors, reached: reached(result.data, steps) },
    explained: `${query}\n${causes.join("\n")}`,
  };
}

const ok = { errors: undefined, reached: true };
const named = (cases: Step[][]) => cases.map((steps) => [caseName(steps), steps] as const);

const mutation = schema.getMutationType() as GraphQLObjectType;
const subscription = schema.getSubscriptionType() as GraphQLObjectType;
// Subscriptions that can replay the log are walked; the others (live only) return types the query walk covers.
const replayable = Object.values(subscription.getFields())
  .filter((f) => f.args.some((a) => a.name === "afterSequence"))
  .map((f) => f.name);

describe("every field selected on its own", () => {
  it.each(named(underEveryEdge(schema.getQueryType() as GraphQLObjectType)))("query { %s }", async (_name, steps) => {
    const { outcome, explained } = await run("query", steps);
    expect(outcome, explained).toEqual(ok);
  });

  it.each(named(belowRoot(mutation, Object.keys(REPEATABLE))))("mutation { %s }", async (_name, steps) => {
    // approveAllPosts approves something each time: the published post goes back to review first.
    if ((steps[0] as { field: Field }).field.name === "approveAllPosts")
      await t.db.post.update({ where: { id: seed.postId }, data: { status: "DRAFT" } });
    const { outcome, explained } = await run("mutation", steps);
    expect(outcome, explained).toEqual(ok);
  });

  it.each(named(belowRoot(subscription, replayable)))("subscription { %s }", async (_name, steps) => {
    const { outcome, explained } = await run("subscription", steps);
    expect(outcome, explained).toEqual(ok);
  });

  it("walks a mutation returning each payload type, and every event type", () => {
    const walked = new Set(Object.keys(REPEATABLE).map((name) => getNamedType(mutation.getFields()[name]?.type)?.name));
    const payloads = new Set(Object.values(mutation.getFields()).map((f) => getNamedType(f.type).name));
    expect([...payloads].filter((p) => !walked.has(p))).toEqual([]);
    const events = getNamedType(subscription.getFields().campaignEvents?.type);
    if (!events || !isAbstractType(events)) throw new Error("campaignEvents returns one type of event");
    expect(
      schema
        .getPossibleTypes(events)
        .filter((e) => !seed.firstSequence.has(e.name))
        .map((e) => e.name),
    ).toEqual([]);
  });
});
