import type { GraphQLSchema } from "graphql";

/**
 * The mark of a model-backed mutation field, as its `extensions`: it calls a language model, or
 * queues work that does (restoreVersion writes content for restored copies that had none). The
 * rate limit (src/security/rate-limit.ts) reads the marked fields from the schema, so a new field
 * that calls the model only has to say so where it is defined.
 */
export const MODEL_BACKED = { modelBacked: true } as const;

/** The names of the schema's mutation fields marked MODEL_BACKED. */
export function modelBackedMutations(schema: GraphQLSchema): ReadonlySet<string> {
  const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
  return new Set(fields.filter((field) => field.extensions.modelBacked === true).map((field) => field.name));
}
