import { type DocumentNode, visit } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { ErrorCode } from "../errors.js";

// PostgreSQL text cannot hold U+0000: such input would fail deep in a query as an internal error.
// Refused up front, for every argument and variable of every operation, as the caller's bad input.

/** Where in a value (from JSON) a string holds a NUL character, e.g. "$input.name"; null if nowhere. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : value && typeof value === "object"
      ? Object.entries(value).map(([k, v]) => [`${path}.${k}`, v] as const)
      : [];
  for (const [at, v] of entries) {
    const found = nulPath(v, at);
    if (found) return found;
  }
  return null;
}

/** The argument whose literal value holds a NUL character, if any. */
function argumentWithNul(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      visit(node.value, {
        StringValue(value) {
          if (value.value.includes("\u0000")) found ??= node.name.value;
        },
      });
    },
  });
  return found;
}

const refusal = (argument: string) =>
  createGraphQLError(`${argument}: must not contain the NUL character (U+0000)`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });

const check = ({ document, variableValues }: { document: DocumentNode; variableValues?: unknown }) => {
  const variables = (variableValues ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(variables)) {
    const at = nulPath(value, `$${name}`);
    if (at) return refusal(at);
  }
  const argument = argumentWithNul(document);
  return argument ? refusal(argument) : null;
};

export const refuseNulCharacters: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const error = check(args);
    if (error) setResultAndStopExecution({ errors: [error] });
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const error = check(args);
    if (error) setResultAndStopExecution({ errors: [error] });
  },
};
