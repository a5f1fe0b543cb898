import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import { DateTimeResolver } from "graphql-scalars";
import type PrismaTypes from "../generated/pothos-prisma-types.js";
import { getDatamodel } from "../generated/pothos-prisma-types.js";
import type { Context } from "./context.js";

/** Configures the builder only; each domain type lives in its own module next to its fields. */
export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date }; ID: { Input: string; Output: string } };
}>({
  plugins: [PrismaPlugin],
  // The contract's nullability is exact: fields are non-null unless marked nullable.
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    // A resolver that forgets to spread its Prisma query would cause N+1 queries: fail loudly,
    // so the test suite (which runs every resolver) catches it.
    onUnusedQuery: "error",
  },
});

builder.addScalarType("DateTime", DateTimeResolver);
builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
