import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";

// The service as `npm start` builds it: embedded PGlite in a data directory, one HTTP port.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "phasewise-start-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const config = () => loadConfig({ DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });
const post = (url: string, query: string) =>
  fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  }).then((r) => r.json() as Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>);

describe("npm start on a fresh data directory", () => {
  let app: App;
  let url: string;
  beforeAll(async () => {
    app = await buildApp(config());
    url = await app.start();
  });
  afterAll(() => app?.stop());

  it("answers GraphQL at /graphql", async () => {
    expect(await post(url, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
  });

  it("serves GraphiQL to a browser with every asset inline, so it works offline", async () => {
    const response = await fetch(`${url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain("Phasewise GraphiQL");
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
  });

  it("serves the canvas page at / and 404 for unknown paths", async () => {
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it("refuses a second process on the same data directory with a clear message", async () => {
    await expect(buildApp(config())).rejects.toThrow(/open in another Phasewise process/);
  });
});

describe("a restart", () => {
  it("keeps the data written before it", async () => {
    const first = await buildApp(config());
    const { campaignId } = await writeSampleCampaign(first.db, { key: "restart" });
    await first.stop();
    const second = await buildApp(config());
    const url = await second.start();
    try {
      const result = await post(url, `{ campaign(id: "${campaignId}") { currentVersion versions { kind } } }`);
      expect(result.data).toEqual({
        campaign: { currentVersion: 3, versions: [{ kind: "INITIAL" }, { kind: "REGENERATION" }, { kind: "RESTORE" }] },
      });
    } finally {
      await second.stop();
    }
  });
});
