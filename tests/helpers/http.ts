import { type Agent, type IncomingHttpHeaders, request } from "node:http";

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

/** Plans the tests' usual campaign (Janus) over HTTP; its id. */
export async function createJanusCampaign(url: string): Promise<string> {
  const { createCampaign } = await gql<{ createCampaign: { campaign: { id: string } } }>(
    url,
    `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id } } }`,
  );
  return createCampaign.campaign.id;
}

/** Polls `condition` until it holds; throws after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 40_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Whether the request went out on a connection its agent kept from an earlier request. */
  reusedSocket: boolean;
}

/**
 * One request through node:http, as a script with a keep-alive Agent sends it. The body goes with
 * a Content-Length, or `streamed` in 64 KiB chunks without one (chunked transfer encoding). Rejects
 * on a socket error (ECONNRESET…), as the script would.
 */
export function httpRequest(
  url: string,
  {
    method = "POST",
    headers = { "content-type": "application/json" },
    body,
    agent,
    streamed = false,
  }: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent; streamed?: boolean },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on("error", reject);
    const bytes = Buffer.from(body ?? "");
    if (!streamed) return void req.end(bytes);
    for (let at = 0; at < bytes.length; at += 64 * 1024) req.write(bytes.subarray(at, at + 64 * 1024));
    req.end();
  });
}
