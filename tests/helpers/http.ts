// Small helpers for tests that talk to a running service over HTTP.

/** A GraphQL request to `${url}/graphql`; the data, or a thrown error listing the GraphQL errors. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = (await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  }).then((res) => res.json())) as { data: T; errors?: unknown };
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** Polls `condition` until it holds; throws after `ms`. */
export async function until(condition: () => Promise<boolean>, ms = 40_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}
