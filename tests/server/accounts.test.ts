import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { issueToken } from "../../src/auth/accounts.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { subscribeWs } from "../helpers/subscribers.js";

// The service as `npm start` builds it, before and after accounts exist.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-accounts-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", ...env });

describe("with no accounts", () => {
  it("refuses to listen on a non-loopback address, saying what to do", async () => {
    await expect(buildApp(config({ HOST: "0.0.0.0" }))).rejects.toThrow(/create an API token first \(npm run token -- create/);
  });

  it("runs as the single local workspace on 127.0.0.1", async () => {
    const app = await buildApp(config());
    expect(app.authMode).toBe("local");
    await app.stop();
  });
});

describe("with accounts", () => {
  let app: App;
  let url: string;
  let token: string;
  beforeAll(async () => {
    const { db } = await openDatabase(config().database);
    token = (await issueToken(db, { name: "alice", workspace: "Team A" })).token;
    await db.$disconnect();
    app = await buildApp(config({ HOST: "0.0.0.0" })); // allowed now: requests need a token
    url = (await app.start()).replace("0.0.0.0", "127.0.0.1");
  });
  afterAll(() => app?.stop());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("requires a token over HTTP", async () => {
    const without = (await (await post({ query: "{ campaigns { id } }" })).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(without.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const withToken = await (await post({ query: "{ campaigns { id } }" }, { authorization: `Bearer ${token}` })).json();
    expect(withToken).toEqual({ data: { campaigns: [] } });
  });

  it("takes the token from graphql-ws's connection_init payload, and refuses a subscription without it", async () => {
    const created = (await (
      await post(
        {
          query: `mutation { createCampaign(input: { name: "Janus launch", productDescription: "Janus – AI-powered GTM OS for technical founders", gtmGoals: "Launch product and acquire first 100 users in 4 weeks" }) { campaign { id lastEventSequence } } }`,
        },
        { authorization: `Bearer ${token}` },
      )
    ).json()) as { data: { createCampaign: { campaign: { id: string } } } };
    const id = created.data.createCampaign.campaign.id;
    const query = `subscription($id: ID!) { campaignEvents(campaignId: $id, afterSequence: 0) { __typename } }`;
    const allowed = subscribeWs(url, query, { id }, { authorization: `Bearer ${token}` });
    const [first] = await allowed.waitFor(1);
    expect(first).toMatchObject({ campaignEvents: { __typename: "PostCreatedEvent" } });
    await allowed.close();
    const refused = subscribeWs(url, query, { id });
    const [error] = await refused.waitFor(1);
    expect(JSON.stringify(error)).toContain("UNAUTHENTICATED");
    await refused.close();
  });

  it("requires a token on the prototype's route too", async () => {
    const r = await fetch(`${url}/api/agents/regenerate-strategy/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ campaign_id: "x", phase_num: 2, new_direction: "y" }),
    });
    expect(r.status).toBe(401);
  });
});

describe("npm run token", () => {
  const token = (dir: string, ...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "src/bin/token.ts", ...args],
        { env: { ...process.env, DATA_DIR: dir } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );

  it("says there are no tokens on a fresh data directory, then lists the one it created", async () => {
    const dir = await mkdtemp(join(tmpdir(), "phasewise-token-cli-"));
    try {
      expect(await token(dir, "list")).toMatch(/^No tokens yet: .*npm run token -- create --name <you>/);
      expect(await token(dir, "create", "--name", "alice")).toMatch(/Token for alice in workspace .* Shown once — keep it:\npw_/);
      const listed = await token(dir, "list");
      expect(listed).toMatch(/alice {2}created .* {2}last used never/);
      expect(listed).not.toMatch(/No tokens yet/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
