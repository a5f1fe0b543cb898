import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows } from "../../src/db/bulk-insert.js";
import { writeSampleCampaign } from "../../src/fixtures/sample-history.js";
import { openTestDatabase, type TestDatabase } from "../helpers/database.js";

// The raw bulk insert that plans and events are written with: what goes in comes back through
// Prisma unchanged — text with quotes, commas, braces, backslashes and non-Latin letters, enums,
// JSON, nulls — and what it leaves out gets the database's or the schema's default.
let t: TestDatabase;
let campaignId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  campaignId = (await writeSampleCampaign(t.db, { key: "bulk", phases: 1, postsPerPhase: 2, initialOnly: true })).campaignId;
});
afterAll(() => t?.close());

const AWKWARD = [`He said "ship it", {now}`, "back\\slash, comma; 'quote'", "NULL", "", "Ünïcödé — 漢字 🚀", "line\nbreak\ttab"];

describe("insertRows", () => {
  it("writes posts and links whose every value reads back as given, with the schema's defaults", async () => {
    const ids = AWKWARD.map(() => randomUUID());
    const before = new Date(Date.now() - 1000);
    await t.db.$transaction(async (tx) => {
      await insertRows(
        tx,
        "Post",
        AWKWARD.map((text, i) => ({
          id: ids[i],
          campaignId,
          phase: 9,
          position: i,
          title: text,
          description: `${text} (description)`,
          platform: i % 2 ? "LINKEDIN" : "PRODUCT_HUNT",
          version: 1,
        })),
      );
      await insertRows(
        tx,
        "PostLink",
        ids.slice(1).map((toId, i) => ({ campaignId, fromId: ids[i], toId, createdInVersion: 1 })),
      );
    });
    const posts = await t.db.post.findMany({ where: { id: { in: ids } }, orderBy: { position: "asc" } });
    expect(posts.map((p) => [p.title, p.description, p.platform, p.phase])).toEqual(
      AWKWARD.map((text, i) => [text, `${text} (description)`, i % 2 ? "LINKEDIN" : "PRODUCT_HUNT", 9]),
    );
    for (const post of posts) {
      expect(post).toMatchObject({ status: "DRAFT", contentStatus: "PENDING", isActive: true, archivedInVersion: null });
      expect(post.createdAt.getTime()).toBeGreaterThan(before.getTime());
      expect(post.updatedAt.getTime()).toBeGreaterThan(before.getTime());
    }
    const links = await t.db.postLink.findMany({ where: { fromId: { in: ids } } });
    expect(links).toHaveLength(ids.length - 1);
    for (const link of links) expect(link.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes JSON payloads, integers and times exactly", async () => {
    const payloads = AWKWARD.map((text, i) => ({
      type: "PostUpdated",
      text,
      nested: { list: [i, null, true], n: -2147483648 + i },
    }));
    await t.db.$transaction((tx) =>
      insertRows(
        tx,
        "EventLog",
        payloads.map((payload, i) => ({
          campaignId,
          sequence: 10_000 + i,
          version: 1 + i,
          type: payload.type,
          payload,
          createdAt: new Date(Date.UTC(2026, 11, 3, 23, 59, 59, i)),
        })),
      ),
    );
    const rows = await t.db.eventLog.findMany({ where: { campaignId, sequence: { gte: 10_000 } }, orderBy: { sequence: "asc" } });
    expect(rows.map((r) => [r.sequence, r.version, r.payload, r.createdAt.toISOString()])).toEqual(
      payloads.map((p, i) => [10_000 + i, 1 + i, p, `2026-12-03T23:59:59.${String(i).padStart(3, "0")}Z`]),
    );
  });

  it("writes nothing for no rows, and nothing at all when the transaction fails", async () => {
    const count = () => t.db.post.count({ where: { campaignId } });
    const before = await count();
    await t.db.$transaction((tx) => insertRows(tx, "Post", []));
    const id = randomUUID();
    const row = { id, campaignId, phase: 1, position: 0, title: "t", description: "d", platform: "X", version: 1 };
    // The same id twice: the primary key refuses the second, and the first is rolled back with it.
    await expect(t.db.$transaction((tx) => insertRows(tx, "Post", [row, row]))).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
