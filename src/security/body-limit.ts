import type { IncomingMessage } from "node:http";
import type { Plugin } from "graphql-yoga";

// MAX_BODY_BYTES on every route (Yoga's maxRequestBodySize on /graphql, readBodyWithin on the
// legacy route), with the same 413 on both, and what it does to a keep-alive connection:
// - a body whose Content-Length is over the limit is refused before it is read; once the 413 is
//   sent, Node reads the announced rest and drops it, so the connection carries the next request;
// - a streamed body (no Content-Length) is read up to the limit and no further, as its rest could
//   go on forever: the 413 says `Connection: close`, so the client sends its next request on a new
//   connection instead of one the server is leaving (where it would get ECONNRESET).

/** Whether a 413 for a request with this Content-Length closes its connection: the body was cut off mid-stream. */
export const tooLargeClosesConnection = (contentLength: string | null | undefined) => contentLength == null;

/** The request body, if it is at most `maxBytes` bytes; `undefined` if it is larger (answer 413). */
export async function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  if (Number(req.headers["content-length"]) > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let bytes = 0;
  // destroyOnReturn false: leaving the loop at the limit must not reset the connection before the 413 is sent.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Yoga cuts a streamed body off at maxRequestBodySize too (and resets the socket): its 413 closes the connection. */
export const closeConnectionAfterCutOffBody: Plugin = {
  onResponse: ({ request, response }) => {
    if (response.status === 413 && tooLargeClosesConnection(request.headers.get("content-length")))
      response.headers.set("connection", "close");
  },
};
