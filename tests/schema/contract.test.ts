import { readFileSync } from "node:fs";
import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from "graphql";
import { describe, expect, it } from "vitest";

// The public contract (docs/contract.graphql, a copy of the team's shared contract): names and
// meanings clients are written against. The printed schema may add to it, never rename or change it.
const contract = buildSchema(readFileSync(new URL("../../docs/contract.graphql", import.meta.url), "utf8"));
const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));

// Types whose features have landed: everything reachable from Query and from the mutations and
// subscriptions the server has. The others arrive with the issues that build them.
function landedTypes(): Set<string> {
  const seen = new Set<string>();
  const visitFields = (fields: { type: GraphQLType; args?: readonly { type: GraphQLType }[] }[]) => {
    for (const field of fields) {
      visit(unwrap(field.type));
      for (const arg of field.args ?? []) visit(unwrap(arg.type));
    }
  };
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name) || type.name.startsWith("__")) return;
    seen.add(type.name);
    if (isObjectType(type) || isInputObjectType(type)) visitFields(Object.values(type.getFields()));
    if (isUnionType(type)) for (const member of type.getTypes()) visit(member);
  };
  const query = contract.getQueryType();
  if (query) visit(query);
  for (const root of [contract.getMutationType(), contract.getSubscriptionType()]) {
    const mine = root && schema.getType(root.name);
    if (!root || !isObjectType(mine)) continue;
    seen.add(root.name);
    visitFields(Object.values(root.getFields()).filter((f) => mine.getFields()[f.name]));
  }
  return seen;
}
const unwrap = (type: GraphQLType): GraphQLNamedType => getNamedType(type);

// Argument order carries no meaning in GraphQL (and schema.graphql is printed sorted).
// Compared on the contract's arguments; added ones are checked separately (they must be optional).
const signature = (field: GraphQLField<unknown, unknown>, contractArgs?: Set<string>) =>
  `${field.type}(${field.args
    .filter((a) => !contractArgs || contractArgs.has(a.name))
    .map((a) => `${a.name}: ${a.type}${a.defaultValue === undefined ? "" : ` = ${JSON.stringify(a.defaultValue)}`}`)
    .sort()
    .join(", ")})`;

describe("the printed schema against the contract", () => {
  const names = [...landedTypes()].sort();

  it.each(names)("has %s with every field, argument and value of the contract, unchanged", (name) => {
    const expected = contract.getType(name);
    const actual = schema.getType(name);
    expect(actual, `${name} is missing`).toBeDefined();
    if (isObjectType(expected) && isObjectType(actual)) {
      const isRoot = name === "Mutation" || name === "Subscription";
      for (const field of Object.values(expected.getFields())) {
        const mine = actual.getFields()[field.name];
        if (isRoot && !mine) continue; // a root field lands with its feature
        expect(mine && signature(mine, new Set(field.args.map((a) => a.name))), `${name}.${field.name}`).toBe(signature(field));
        const required = mine?.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name) ?? [];
        expect(
          required.filter((a) => !field.args.some((c) => c.name === a)),
          `${name}.${field.name}: new required arguments`,
        ).toEqual([]);
      }
    } else if (isInputObjectType(expected) && isInputObjectType(actual)) {
      const fields = (t: typeof expected) =>
        Object.values(t.getFields())
          .map((f) => `${f.name}: ${f.type}`)
          .sort();
      expect(fields(actual)).toEqual(expect.arrayContaining(fields(expected)));
      const required = (t: typeof expected) =>
        Object.values(t.getFields())
          .filter((f) => String(f.type).endsWith("!"))
          .map((f) => f.name)
          .sort();
      expect(required(actual), `${name} must not require more than the contract`).toEqual(required(expected));
    } else if (isEnumType(expected) && isEnumType(actual)) {
      expect(actual.getValues().map((v) => v.name)).toEqual(expect.arrayContaining(expected.getValues().map((v) => v.name)));
    } else if (isUnionType(expected) && isUnionType(actual)) {
      expect(actual.getTypes().map((t) => t.name)).toEqual(expect.arrayContaining(expected.getTypes().map((t) => t.name)));
    } else if (isUnionType(expected) && isInterfaceType(actual)) {
      // A union may become an interface of the same name: every member implements it, so inline
      // fragments on the members work as before, and the shared fields need none.
      expect(schema.getPossibleTypes(actual).map((t) => t.name)).toEqual(
        expect.arrayContaining(expected.getTypes().map((t) => t.name)),
      );
    } else {
      expect(actual?.constructor.name).toBe(expected?.constructor.name);
    }
  });

  it("covers the whole read side of the contract", () => {
    expect(names).toEqual(expect.arrayContaining(["Campaign", "Post", "Strategy", "VersionDiff", "Trigger", "PostMetrics"]));
  });
});
