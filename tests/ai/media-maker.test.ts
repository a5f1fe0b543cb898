import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMediaMaker, DEFAULT_IMAGE_MODEL, type MediaRequest, MediaUnavailableError } from "../../src/ai/media-maker.js";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai.js";

const request: MediaRequest = {
  campaignId: "c0ffee00-0000-4000-8000-000000000001",
  campaignName: "Janus launch",
  postTitle: "Janus launches on Product Hunt",
  hook: "Plan your launch in minutes",
  caption: "A clean title card for the Janus launch",
  label: "A",
  platform: "PRODUCT_HUNT",
};

/** A 1×1 transparent PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/**
 * Well-formedness without a parser (none is a dependency): one root element, balanced tags,
 * double-quoted attributes, and no `<` or `&` outside markup and the five XML entities.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  const rawAmpersand = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, "").includes("&");
  for (const [token] of xml.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith("<")) {
      if (open.length === 0 && token.trim() !== "") problems.push(`text outside the root: ${token}`);
      if (rawAmpersand(token)) problems.push(`raw & in ${token}`);
      continue;
    }
    const tag = token.match(/^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/);
    if (!tag) {
      problems.push(`malformed markup: ${token}`);
      continue;
    }
    const [, closing, name, attributes = "", selfClosing] = tag;
    if (rawAmpersand(attributes)) problems.push(`raw & in ${token}`);
    if (closing) {
      if (open.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name ?? "");
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(", ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

const offline = createMediaMaker({ kind: "offline" });
const card = async (overrides: Partial<MediaRequest> = {}) => (await offline.make({ ...request, ...overrides })).bytes.toString();
const fills = (svg: string) => [...svg.matchAll(/(?:fill|stop-color)="(#[0-9a-f]{6})"/g)].map((m) => m[1]);

describe("the offline media maker", () => {
  it("makes a well-formed SVG card with the hook, title, campaign, platform and variant", async () => {
    const made = await offline.make(request);
    expect(offline.name).toBe("offline");
    expect(made).toMatchObject({ contentType: "image/svg+xml", extension: "svg" });
    const svg = made.bytes.toString();
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    for (const text of [request.hook, request.postTitle, "JANUS LAUNCH · PRODUCT HUNT", ">A</text>", "Variant A"])
      expect(svg).toContain(text);
  });

  it("escapes markup, ampersands, quotes and control characters, and keeps emoji", async () => {
    const svg = await card({
      campaignName: `Tom & Jerry's "launch"`,
      hook: "<script>alert('x')</script> 🚀",
      postTitle: "A < B && C > D\u0000\u0007",
      caption: "</desc><svg onload=alert(1)>",
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<svg onload");
    expect(svg).toContain("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; 🚀");
    expect(svg).toContain("TOM &amp; JERRY&apos;S &quot;LAUNCH&quot;");
    expect(svg).toContain("A &lt; B &amp;&amp; C &gt; D");
    for (const control of ["\u0000", "\u0007"]) expect(svg).not.toContain(control);
  });

  it("wraps a long hook onto at most three lines, cutting the rest with an ellipsis", async () => {
    const svg = await card({ hook: "word ".repeat(80), postTitle: "長".repeat(200) });
    expect(xmlProblems(svg)).toEqual([]);
    const hookLines = svg.match(/<text[^>]*font-weight="800" fill="#ffffff">(.*?)<\/text>/)?.[1]?.match(/<tspan/g);
    expect(hookLines).toHaveLength(3);
    expect(svg).toMatch(/word…<\/tspan>/);
    expect(svg).toMatch(/長…<\/tspan>/);
  });

  it("colours a campaign's cards alike, with a different accent for A and B", async () => {
    const [a, b] = [await card(), await card({ label: "B" })];
    const other = await card({ campaignId: "another-campaign" });
    expect(await card()).toBe(a);
    expect(fills(a).slice(0, 2)).toEqual(fills(b).slice(0, 2)); // the background gradient
    expect(new Set(fills(a))).not.toEqual(new Set(fills(b)));
    expect(fills(other).slice(0, 2)).not.toEqual(fills(a).slice(0, 2));
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    await expect(offline.make(request, controller.signal)).rejects.toThrow("shutting down");
  });
});

describe("the media maker with an OpenAI-compatible images API", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake?.close());

  const maker = () =>
    createMediaMaker({
      kind: "openai",
      apiKey: "sk-secret-test-key",
      baseURL: fake.baseURL,
      model: "fake-gpt",
      timeoutMs: 5_000,
      maxRetries: 0,
      deadlineMs: 30_000,
    });

  it("returns the PNG the model made, asked for with the hook, caption and variant's tone", async () => {
    fake.script({ image: PNG });
    const made = await maker().make({ ...request, label: "B" });
    expect(made).toEqual({ bytes: PNG, contentType: "image/png", extension: "png" });
    expect(maker().name).toBe(DEFAULT_IMAGE_MODEL);
    const [sent] = fake.imageRequests;
    expect(sent).toMatchObject({ model: DEFAULT_IMAGE_MODEL, size: "1024x1024", n: 1, output_format: "png" });
    expect(sent?.response_format).toBeUndefined();
    expect(sent?.prompt).toContain(`"${request.hook}"`);
    expect(sent?.prompt).toContain(request.caption);
    expect(sent?.prompt).toContain("Product Hunt");
    expect(sent?.prompt).toContain("playful");
  });

  it("reports a server error as MediaUnavailableError, without the key", async () => {
    fake.script({ status: 500, body: { error: { message: "Incorrect API key provided: sk-secret-test-key" } } });
    const error = await maker()
      .make(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaUnavailableError);
    expect((error as Error).message).toBe("The image model failed with HTTP 500.");
    expect(fake.imageRequests).toHaveLength(1);
  });

  it("refuses an answer that is not a PNG image", async () => {
    fake.script({ image: Buffer.from("<html>not an image</html>") });
    await expect(maker().make(request)).rejects.toThrow(MediaUnavailableError);
  });

  it("stops waiting when the caller aborts, with the caller's reason", async () => {
    fake.script({ delayMs: 5_000, reply: { image: PNG } });
    const controller = new AbortController();
    const made = maker().make(request, controller.signal);
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await expect(made).rejects.toThrow("shutting down");
  });
});
