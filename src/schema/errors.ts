import { type ASTNode, type GraphQLError, Kind } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import type { AppError } from "../errors.js";

/** Whether `error` is a GraphQLError: by name, not instanceof, as GraphQL may be loaded twice (its ESM and CommonJS builds). */
export const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === "GraphQLError";

/** Where a GraphQL error was raised: the field's nodes and the response path. */
type Location = Partial<Pick<GraphQLError, "nodes" | "path">>;

/**
 * An input field as GraphQL names it: under `input` when the field that failed takes one (every
 * mutation), else the field's own argument (`post(id:, version:)`).
 */
const argumentName = (nodes: readonly ASTNode[] | undefined, field: string) =>
  nodes?.some((node) => node.kind === Kind.FIELD && node.arguments?.some((a) => a.name.value === "input"))
    ? `input.${field}`
    : field;

/**
 * The one place a service's error becomes a GraphQL error: the contract's code in `extensions`
 * with the error's details, `argument` naming the input field, and the message naming it the same.
 * Built with Yoga's GraphQLError: graphql-ws answers only its own with an error message.
 */
export function toGraphQLError(error: AppError, at?: Location): GraphQLError {
  const name = (field: string) => argumentName(at?.nodes ?? undefined, field);
  return createGraphQLError(error.describe(name), {
    ...(at?.nodes ? { nodes: at.nodes } : {}),
    ...(at?.path ? { path: at.path } : {}),
    extensions: { ...error.details, code: error.code, ...(error.field === undefined ? {} : { argument: name(error.field) }) },
  });
}
