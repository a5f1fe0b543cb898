import { execFile } from "node:child_process";
import { Agent } from "node:http";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { createJanusCampaign, gql, httpRequest } from "../helpers/http.js";
import { useServedApp } from "../helpers/served-app.js";

// POST /api/agents/regenerate-strategy/, the prototype's route, over real HTTP.
// A limit other than the default, so the route is seen to take it from MAX_BODY_BYTES.
const MAX_BODY_BYTES = 300_000;
const ROUTE = "/api/agents/regenerate-strategy/";
const served = useServedApp("phasewise-legacy-", { MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
let campaignId: string;
beforeAll(async () => {
  campaignId = await createJanusCampaign(served.url);
});

const curl = async (body: string) => {
  const { stdout } = await promisify(execFile)("curl", [
    "-s",
    "-w",
    "\n%{http_code}",
    "-X",
    "POST",
    `${served.url}${ROUTE}`,
    "-H",
    "Content-Type: application/json",
    "-d",
    body,
  ]);
  const [json, status] = [stdout.slice(0, stdout.lastIndexOf("\n")), stdout.slice(stdout.lastIndexOf("\n") + 1)];
  return { status: Number(status), body: JSON.parse(json) as Record<string, unknown> };
};

/** A request through node:http, its body parsed as JSON (a test fails on a body that is not JSON). */
async function call(path: string, options: Parameters<typeof httpRequest>[1] = {}) {
  const answer = await httpRequest(`${served.url}${path}`, options);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  return { ...answer, body: JSON.parse(answer.text) as Record<string, unknown> };
}
const post = (fields: Record<string, unknown>, path = ROUTE) => call(path, { body: JSON.stringify(fields) });
const currentVersion = async () =>
  (await gql<{ campaign: { currentVersion: number } }>(served.url, `{ campaign(id: "${campaignId}") { currentVersion } }`))
    .campaign.currentVersion;

describe("the legacy regenerate-strategy route", () => {
  it("regenerates as the prototype's scripts expect", async () => {
    const r = await curl(
      JSON.stringify({
        campaign_id: campaignId,
        phase_num: 2,
        new_direction: "pivot to developer-first strategy with technical demos",
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, campaign_id: campaignId, new_version: 2 });
    expect(r.body.archived_posts).toBeGreaterThan(0);
    expect(r.body.new_posts).toBeGreaterThan(0);
    expect(r.body.message).toMatch(/version 2/);
  });

  it.each([
    ["a phase out of range", 400, () => JSON.stringify({ campaign_id: campaignId, phase_num: 9, new_direction: "x" })],
    ["a body that is not the expected JSON", 400, () => "{nope"],
    ["an unknown campaign", 404, () => JSON.stringify({ campaign_id: "unknown", phase_num: 1, new_direction: "x" })],
  ])("answers %s with success false and status %i", async (_what, status, body) => {
    const r = await curl(body());
    expect(r.status).toBe(status);
    expect(r.body.success).toBe(false);
    expect(typeof r.body.message).toBe("string");
  });
});

describe("the legacy route's bad input", () => {
  it.each([
    ["new_direction missing", () => ({ campaign_id: campaignId, phase_num: 2 }), "new_direction", "new_direction: required"],
    [
      'phase_num "two"',
      () => ({ campaign_id: campaignId, phase_num: "two", new_direction: "x" }),
      "phase_num",
      'phase_num: must be an integer (got "two")',
    ],
    [
      "phase_num 2.5",
      () => ({ campaign_id: campaignId, phase_num: 2.5, new_direction: "x" }),
      "phase_num",
      "phase_num: must be an integer (got 2.5)",
    ],
    [
      "campaign_id empty",
      () => ({ campaign_id: "", phase_num: 2, new_direction: "x" }),
      "campaign_id",
      "campaign_id: must not be empty",
    ],
    [
      'expected_version "2"',
      () => ({ campaign_id: campaignId, phase_num: 2, new_direction: "x", expected_version: "2" }),
      "expected_version",
      'expected_version: must be an integer (got "2")',
    ],
    [
      "a NUL character in new_direction",
      () => ({ campaign_id: campaignId, phase_num: 2, new_direction: "a\u0000b" }),
      "new_direction",
      "new_direction: must not contain the NUL character (U+0000)",
    ],
  ])("with %s gets 400 naming the field", async (_what, fields, field, message) => {
    const r = await post(fields());
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ success: false, field, message });
  });

  it("names every wrong field at once", async () => {
    const r = await post({ phase_num: "two" });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('campaign_id: required; phase_num: must be an integer (got "two"); new_direction: required');
    expect(r.body.field).toBe("campaign_id");
  });

  it("names the field the service refuses, in the prototype's name", async () => {
    const r = await post({ campaign_id: campaignId, phase_num: 9, new_direction: "x" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ success: false, field: "phase_num" });
    expect(r.body.message).toMatch(/^phase_num: must be between 1 and \d/);
  });

  it.each([
    ["a JSON syntax error", "{nope", /^The body is not valid JSON: .*position 1/],
    ["an empty body", "", /^The body is not valid JSON/],
    ["a JSON array", "[1, 2]", /^The body must be a JSON object \{campaign_id, phase_num, new_direction/],
  ])("with %s gets 400 saying what is wrong with the JSON", async (_what, body, message) => {
    const r = await call(ROUTE, { body });
    expect(r.status).toBe(400);
    expect(r.body.success).toBe(false);
    expect(r.body.message).toMatch(message);
  });
});

describe("the legacy route's versions", () => {
  it("answers a stale expected_version with 409 and the current version, changing nothing", async () => {
    const before = await currentVersion();
    const r = await post({ campaign_id: campaignId, phase_num: 2, new_direction: "x", expected_version: before - 1 });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ success: false, current_version: before });
    expect(r.body.message).toMatch(new RegExp(`current version ${before}`));
    expect(await currentVersion()).toBe(before);
  });

  it("regenerates when expected_version is the current one", async () => {
    const before = await currentVersion();
    const r = await post({ campaign_id: campaignId, phase_num: 2, new_direction: "community first", expected_version: before });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, new_version: before + 1 });
  });

  it("answers a repeated idempotency_key with the first result, regenerating once", async () => {
    const before = await currentVersion();
    const fields = { campaign_id: campaignId, phase_num: 3, new_direction: "partnerships", idempotency_key: "legacy-retry-1" };
    const first = await post(fields);
    const again = await post(fields);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await currentVersion()).toBe(before + 1);
  });
});

describe("the legacy route's paths and methods", () => {
  it("serves the path without the trailing slash as the same route", async () => {
    const before = await currentVersion();
    const r = await post({ campaign_id: campaignId, phase_num: 2, new_direction: "no slash" }, ROUTE.slice(0, -1));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, new_version: before + 1 });
  });

  it.each([["/api/agents/unknown/"], ["/api/"], ["/api"], ["/api/agents/regenerate-strategy/extra"]])(
    "answers an unknown path %s with a JSON 404",
    async (path) => {
      const r = await call(path, { body: "{}" });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ success: false, message: expect.stringMatching(/POST \/api\/agents\/regenerate-strategy\//) });
    },
  );

  it.each([["GET"], ["PUT"], ["DELETE"]])("answers %s with a JSON 405 and Allow: POST", async (method) => {
    const r = await call(ROUTE, { method, headers: {} });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("POST");
    expect(r.body.success).toBe(false);
  });

  it("answers a body sent as text/plain with a JSON 403", async () => {
    const r = await call(ROUTE, { headers: { "content-type": "text/plain" }, body: "{}" });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ success: false, message: "Send the body as Content-Type: application/json." });
  });
});

describe("the legacy route's body limit", () => {
  /** A request body of exactly `bytes` bytes (in two-byte characters where it can), with phase 9 (refused: 400). */
  const bodyOf = (bytes: number) => {
    const fields = { campaign_id: campaignId, phase_num: 9, new_direction: "x", notes: "" };
    const room = bytes - Buffer.byteLength(JSON.stringify(fields));
    return JSON.stringify({ ...fields, notes: "é".repeat(Math.floor(room / 2)) + "x".repeat(room % 2) });
  };

  it(`reads a body of exactly MAX_BODY_BYTES (${MAX_BODY_BYTES}) bytes and refuses one byte more with 413`, async () => {
    const atLimit = bodyOf(MAX_BODY_BYTES);
    expect(Buffer.byteLength(atLimit)).toBe(MAX_BODY_BYTES);
    const read = await call(ROUTE, { body: atLimit });
    expect(read.status).toBe(400);
    expect(read.body.field).toBe("phase_num");
    for (const streamed of [false, true]) {
      const over = await call(ROUTE, { body: bodyOf(MAX_BODY_BYTES + 1), streamed });
      expect(over.status).toBe(413);
      expect(over.body).toEqual({
        success: false,
        message: `The request body is over the limit of ${MAX_BODY_BYTES} bytes (MAX_BODY_BYTES).`,
      });
    }
  });

  const twoMegabytes = () => bodyOf(2 * 1024 * 1024);
  const normal = () => JSON.stringify({ campaign_id: campaignId, phase_num: 9, new_direction: "x" });

  it.each([[ROUTE], ["/graphql"]])(
    "after a 413 for 2 MB sent with a Content-Length, %s answers the next request on the same keep-alive connection",
    async (path) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let round = 0; round < 5; round++) {
          const refused = await httpRequest(`${served.url}${path}`, { agent, body: twoMegabytes() });
          expect(refused.status).toBe(413);
          expect(refused.headers.connection).toBe("keep-alive");
          const next = await httpRequest(`${served.url}${path}`, { agent, body: normal() });
          expect(next.status).toBe(400);
          expect(next.reusedSocket).toBe(true);
        }
      } finally {
        agent.destroy();
      }
    },
  );

  it.each([[ROUTE], ["/graphql"]])(
    "after a 413 for 2 MB streamed without a Content-Length, %s closes that connection and answers the next request on a new one",
    async (path) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let round = 0; round < 5; round++) {
          const refused = await httpRequest(`${served.url}${path}`, { agent, body: twoMegabytes(), streamed: true });
          expect(refused.status).toBe(413);
          const next = await httpRequest(`${served.url}${path}`, { agent, body: normal() });
          expect(next.status).toBe(400);
          // The rest of a stream (it may never end) is not read: the 413 says its connection ends with it.
          expect(refused.headers.connection).toBe("close");
          expect(next.reusedSocket).toBe(false);
        }
      } finally {
        agent.destroy();
      }
    },
  );
});
