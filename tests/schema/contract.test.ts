import { readFileSync } from "node:fs";
import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isUnionType,
} from "graphql";
import { describe, expect, it } from "vitest";

// The public contract (docs/contract.graphql, a copy of the team's shared contract): names and
// meanings clients are written against. The printed schema may add to it, never rename or change it.
const contract = buildSchema(readFileSync(new URL("../../docs/contract.graphql", import.meta.url), "utf8"));
const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));

// Types whose features have landed: everything reachable from Query. Mutations, subscriptions and
// their inputs, payloads and events arrive with the issues that build them.
function reachableFromQuery(): Set<string> {
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name) || type.name.startsWith("__")) return;
    seen.add(type.name);
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(unwrap(field.type));
        for (const arg of field.args) visit(unwrap(arg.type));
      }
    }
  };
  const query = contract.getQueryType();
  if (query) visit(query);
  return seen;
}
const unwrap = (type: { ofType?: unknown; name?: string }): GraphQLNamedType =>
  ("ofType" in type && type.ofType ? unwrap(type.ofType as never) : type) as GraphQLNamedType;

// Argument order carries no meaning in GraphQL (and schema.graphql is printed sorted).
const signature = (field: GraphQLField<unknown, unknown>) =>
  `${field.type}(${field.args
    .map((a) => `${a.name}: ${a.type}${a.defaultValue === undefined ? "" : ` = ${JSON.stringify(a.defaultValue)}`}`)
    .sort()
    .join(", ")})`;

describe("the printed schema against the contract", () => {
  const names = [...reachableFromQuery()].sort();

  it.each(names)("has %s with every field, argument and value of the contract, unchanged", (name) => {
    const expected = contract.getType(name);
    const actual = schema.getType(name);
    expect(actual, `${name} is missing`).toBeDefined();
    if (isObjectType(expected) && isObjectType(actual)) {
      for (const field of Object.values(expected.getFields())) {
        const mine = actual.getFields()[field.name];
        expect(mine && signature(mine), `${name}.${field.name}`).toBe(signature(field));
      }
    } else if (isEnumType(expected) && isEnumType(actual)) {
      expect(actual.getValues().map((v) => v.name)).toEqual(expect.arrayContaining(expected.getValues().map((v) => v.name)));
    } else if (isInputObjectType(expected) || isUnionType(expected)) {
      throw new Error(`${name}: inputs and unions are checked when their features land`);
    } else {
      expect(actual?.constructor.name).toBe(expected?.constructor.name);
    }
  });

  it("covers the whole read side of the contract", () => {
    expect(names).toEqual(expect.arrayContaining(["Campaign", "Post", "Strategy", "VersionDiff", "Trigger", "PostMetrics"]));
  });
});
