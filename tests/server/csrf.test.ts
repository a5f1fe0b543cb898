import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { useServedApp } from "../helpers/served-app.js";

// What a page on another site can make a browser send: forms, text/plain and GET requests need the
// CSRF header, and only CORS_ORIGINS may read answers. Over real HTTP on the service as `npm start` builds it.
const ALLOWED = "https://canvas.example.com";
const OTHER_ALLOWED = "http://localhost:5173";
const EVIL = "https://evil.example";
const configured = useServedApp("phasewise-csrf-", { CORS_ORIGINS: `${ALLOWED}, ${OTHER_ALLOWED}` });
const byDefault = useServedApp("phasewise-csrf-");

const CREATE = `mutation { createCampaign(input: { name: "Forged", productDescription: "A campaign nobody asked for", gtmGoals: "none" }) { campaign { id } } }`;
const campaignCount = async () => (await configured.app.db.campaign.count()) as number;
const graphql = (init: RequestInit & { query?: string } = {}) =>
  fetch(`${configured.url}/graphql${init.query ? `?query=${encodeURIComponent(init.query)}` : ""}`, init);

describe("CSRF prevention", () => {
  it("refuses a form POST (application/x-www-form-urlencoded) without the CSRF header with 403, changing nothing", async () => {
    const before = await campaignCount();
    const response = await graphql({ method: "POST", body: new URLSearchParams({ query: CREATE }) });
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(response.status).toBe(403);
    expect(await campaignCount()).toBe(before);
  });

  it("refuses a multipart/form-data POST without the CSRF header with 403, changing nothing", async () => {
    const before = await campaignCount();
    const form = new FormData();
    form.append("operations", JSON.stringify({ query: CREATE }));
    form.append("map", "{}");
    const response = await graphql({ method: "POST", body: form });
    expect(response.status).toBe(403);
    expect(await campaignCount()).toBe(before);
  });

  it("refuses a text/plain POST without the CSRF header with 403, changing nothing", async () => {
    const before = await campaignCount();
    const response = await graphql({
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: CREATE }),
    });
    expect(response.status).toBe(403);
    expect(await campaignCount()).toBe(before);
  });

  it("answers the same form POST when it carries the header (which a cross-site form cannot set)", async () => {
    const response = await graphql({
      method: "POST",
      headers: { "x-graphql-yoga-csrf": "1" },
      body: new URLSearchParams({ query: "{ __typename }" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("answers a JSON POST (a browser preflights it) without the header", async () => {
    const response = await graphql({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ campaigns { id } }" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { campaigns: expect.any(Array) } });
  });

  it("refuses a GET query without the header with 403, and answers it with the header, as the canvas sends it", async () => {
    expect((await graphql({ query: "{ __typename }" })).status).toBe(403);
    const response = await graphql({ query: "{ __typename }", headers: { "x-graphql-yoga-csrf": "1" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("has GraphiQL send the header, as its subscriptions stream over GET", async () => {
    const page = await fetch(`${configured.url}/graphql`, { headers: { accept: "text/html" } });
    expect(await page.text()).toMatch(/additionalHeaders.{0,20}x-graphql-yoga-csrf/s);
  });

  it("refuses a mutation over GET with 405, even with the header, changing nothing", async () => {
    const before = await campaignCount();
    const response = await graphql({ query: CREATE, headers: { "x-graphql-yoga-csrf": "1" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toMatch(/POST/);
    expect(await campaignCount()).toBe(before);
  });

  it("refuses a form or text/plain POST to the legacy regenerate route with 403", async () => {
    const url = `${configured.url}/api/agents/regenerate-strategy/`;
    const payload = JSON.stringify({ campaign_id: "00000000-0000-0000-0000-000000000000", phase_num: 2, new_direction: "x" });
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }]) {
      const response = await fetch(url, { method: "POST", headers, body: payload });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ success: false });
    }
    // JSON gets past the guard (to "unknown campaign").
    const json = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload });
    expect(json.status).toBe(404);
  });
});

const preflight = (url: string, origin: string) =>
  fetch(`${url}/graphql`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, x-graphql-yoga-csrf",
    },
  });
const simple = (url: string, origin: string) =>
  fetch(`${url}/graphql`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });

describe("CORS", () => {
  it("answers a preflight from a configured origin with that origin, the methods and the CSRF header", async () => {
    for (const origin of [ALLOWED, OTHER_ALLOWED]) {
      const response = await preflight(configured.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
      expect(response.headers.get("access-control-allow-headers")).toMatch(/x-graphql-yoga-csrf/);
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      expect(response.headers.get("vary")).toMatch(/Origin/);
    }
  });

  it("lets a configured origin read a request's answer", async () => {
    const response = await simple(configured.url, ALLOWED);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("vary")).toMatch(/Origin/);
  });

  it("gives another origin no CORS headers, on a preflight or a request", async () => {
    const pre = await preflight(configured.url, EVIL);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-headers")).toBeNull();
    const response = await simple(configured.url, EVIL);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toMatch(/Origin/);
  });

  it("allows no cross-origin caller when CORS_ORIGINS is unset (same-origin only)", async () => {
    for (const origin of [ALLOWED, EVIL, "null"]) {
      expect((await preflight(byDefault.url, origin)).headers.get("access-control-allow-origin")).toBeNull();
      expect((await simple(byDefault.url, origin)).headers.get("access-control-allow-origin")).toBeNull();
    }
    // The canvas itself, on the same origin, needs no CORS.
    const sameOrigin = await simple(byDefault.url, byDefault.url);
    expect(sameOrigin.status).toBe(200);
  });

  it("refuses to start with a CORS_ORIGINS entry that is not an origin", () => {
    for (const bad of ["canvas.example.com", "https://canvas.example.com/app", "*", "ftp://x.example"])
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: `${ALLOWED},${OTHER_ALLOWED}` }).guards.corsOrigins).toEqual([ALLOWED, OTHER_ALLOWED]);
    expect(loadConfig({}).guards.corsOrigins).toEqual([]);
  });
});
