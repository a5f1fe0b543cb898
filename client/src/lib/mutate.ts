import type { AnyVariables, Client, TypedDocumentNode } from "@urql/svelte";
import { type ApiError, apiErrors } from "./errors.js";

/**
 * Runs a mutation and returns its data, or the first error as the contract describes it (a
 * network failure included). A mutation with neither is reported as an error too.
 */
export async function mutate<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<{ data: Data; error?: undefined } | { data?: undefined; error: ApiError }> {
  const result = await client.mutation(document, variables).toPromise();
  const [error] = apiErrors(result.error);
  if (error) return { error };
  if (!result.data) return { error: { code: "INTERNAL_SERVER_ERROR", message: "The server gave no answer. Try again." } };
  return { data: result.data };
}
