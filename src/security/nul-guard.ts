import { type DocumentNode, visit } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { ErrorCode } from "../errors.js";

// PostgreSQL text cannot hold U+0000: such input would fail deep in a query as an internal error.
// Refused up front, for every argument and variable of every operation, as the caller's bad input.

/** Whether a value (from JSON variables) holds a string with a NUL character anywhere inside. */
export function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === "object") return Object.values(value).some(holdsNul);
  return false;
}

function documentHoldsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes("\u0000")) found = true;
    },
  });
  return found;
}

const refusal = () =>
  createGraphQLError("Text must not contain the NUL character (U+0000).", { extensions: { code: ErrorCode.BAD_USER_INPUT } });

const check = ({ document, variableValues }: { document: DocumentNode; variableValues?: unknown }) =>
  holdsNul(variableValues) || documentHoldsNul(document);

export const refuseNulCharacters: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    if (check(args)) setResultAndStopExecution({ errors: [refusal()] });
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    if (check(args)) setResultAndStopExecution({ errors: [refusal()] });
  },
};
