// Each platform's native shape for a variant's message: an X post or numbered thread, a LinkedIn
// post of short paragraphs, an Instagram caption with hashtags, Product Hunt's tagline and
// description, a Show HN title and first comment, a Reddit post asking for feedback, a newsletter
// issue under its subject line, a blog post outlined in Markdown. Every shape stays within its
// platform's limits (src/domain/content.ts) by leaving parts out, never by cutting a sentence,
// except for a single sentence longer than the limit itself.
import { contentLength, PLATFORM_HEADINGS, PLATFORM_LIMITS, type Platform } from "../../../domain/content.js";
import { clip } from "../text.js";
import { type Draft, say } from "./compose.js";
import type { Facts } from "./facts.js";
import { HYPE } from "./phrases.js";
import { capitalize, stripEnd } from "./words.js";

const fitsOn =
  (platform: Platform, max = PLATFORM_LIMITS[platform]) =>
  (text: string) =>
    contentLength(text, platform) <= max;

/** A text cut to `max` as `platform` counts, on a word boundary: only for a sentence longer than a whole post. */
function cutTo(text: string, platform: Platform, max: number): string {
  const fits = fitsOn(platform, max);
  if (fits(text)) return text;
  let size = Math.min(text.length, max);
  while (size > 1 && !fits(clip(text, size))) size = Math.floor(size * 0.9);
  return clip(text, size);
}

/** The parts joined by `separator`: every required part, then optional ones while they fit. */
function within(platform: Platform, max: number, separator: string, required: string[], optional: string[]): string {
  const fits = fitsOn(platform, max);
  let parts = required.filter(Boolean);
  if (!fits(parts.join(separator))) {
    const share = Math.floor((max - separator.length * parts.length) / Math.max(1, parts.length));
    parts = parts.map((p) => cutTo(p, platform, Math.max(10, share)));
  }
  for (const part of optional.filter(Boolean)) {
    const longer = [...parts.slice(0, -1), part, ...parts.slice(-1)];
    if (fits(longer.join(separator))) parts = longer;
  }
  return parts.join(separator);
}

const hashtags = (d: Draft, count: number) =>
  d.tags
    .slice(0, count)
    .map((t) => `#${t}`)
    .join(" ");

const plain = (text: string) =>
  text
    .replace(HYPE, "")
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, "")
    .replace(/!+/g, ".");

/** An X thread: posts grouped from `units`, each within 280 once numbered. */
function thread(units: string[]): string {
  const room = PLATFORM_LIMITS.X - 6; // "10/12 "
  const fits = fitsOn("X", room);
  const posts: string[] = [];
  for (const unit of units.filter(Boolean).map((u) => cutTo(u, "X", room))) {
    const last = posts.at(-1);
    if (last !== undefined && fits(`${last}\n${unit}`) && contentLength(last, "X") < 120)
      posts[posts.length - 1] = `${last}\n${unit}`;
    else posts.push(unit);
  }
  const kept = posts.slice(0, 25);
  return kept.map((p, i) => `${i + 1}/${kept.length} ${p}`).join("\n\n");
}

function xPost(d: Draft, f: Facts): string {
  const tags = hashtags(d, d.spec.tone === "warm" ? 2 : 1);
  if (d.spec.length === "short") {
    // A hook that promises steps gets them, in one line each.
    const steps =
      d.steps && /\b3\b|under the hood|works/i.test(d.hook) ? d.steps.map((s, i) => `${i + 1}. ${capitalize(s)}`).join("\n") : "";
    return within(
      "X",
      PLATFORM_LIMITS.X,
      "\n\n",
      [d.hook, steps || (d.angle[0] ?? d.intro), `${d.cta} ${tags}`],
      [d.example ?? ""],
    );
  }
  return thread([
    `${d.hook}${d.spec.tone === "warm" && !d.calm ? " 🧵" : ""}`,
    d.intro,
    ...d.angle,
    d.topic,
    d.example ?? "",
    d.steps
      ? `${line(f, "How it works:", "Under the hood:", "The steps:")}\n${d.steps.map((s, i) => `${i + 1}. ${capitalize(s)}`).join("\n")}`
      : "",
    d.warm ?? "",
    d.next ?? "",
    `${d.cta} ${tags}`,
  ]);
}

function linkedIn(d: Draft): string {
  const short = d.spec.length === "short";
  const body = short
    ? [d.angle[0] ?? d.intro]
    : [d.intro, ...d.angle, d.topic, d.example ?? "", d.steps ? d.steps.map((s) => `→ ${capitalize(s)}`).join("\n") : ""];
  return within(
    "LINKEDIN",
    PLATFORM_LIMITS.LINKEDIN,
    "\n\n",
    [d.hook, ...body.filter(Boolean), d.cta, hashtags(d, 3)],
    [d.warm ?? "", d.next ?? ""],
  );
}

function instagram(d: Draft, f: Facts): string {
  const lines = [d.intro, ...d.angle, d.example ?? ""].filter(Boolean).join("\n");
  const cta = d.cta.includes("link") ? d.cta : `${stripEnd(d.cta)}. ${line(f, "Link in bio.", "Bio link.")}`;
  return within(
    "INSTAGRAM",
    PLATFORM_LIMITS.INSTAGRAM,
    "\n\n",
    [d.hook, lines, cta, `.\n${hashtags(d, 8)}`],
    [d.topic, d.warm ?? "", d.next ?? ""],
  );
}

function productHunt(d: Draft, f: Facts): string {
  const max = PLATFORM_HEADINGS.PRODUCT_HUNT?.max ?? 60;
  const tagline =
    [d.hook, say(f, [d.wording === 0 ? "{what} for {audience}" : "{what}, made for {audience}", "{what}"]), f.title, f.product]
      .map((t) => t && stripEnd(plain(t)).trim())
      .find((t) => t && contentLength(t, "PRODUCT_HUNT") <= max) ?? clip(f.product, max);
  const cta = plain(d.cta.replace(/\s*\([^)]*\)/, ""));
  const description = within(
    "PRODUCT_HUNT",
    PLATFORM_LIMITS.PRODUCT_HUNT,
    " ",
    [d.intro],
    [d.angle[0] ?? "", d.example ?? "", d.topic, cta],
  );
  return `${tagline}\n\n${plain(description)}`;
}

function hackerNews(d: Draft, f: Facts): string {
  const max = PLATFORM_HEADINGS.HACKER_NEWS?.max ?? 80;
  const titles = {
    question: ["Show HN: {product}, {aWhat} for {audience}", "Show HN: {product} – {what}"],
    number: ["Show HN: {product} – {what} in 3 steps", "Show HN: {product} – {what}"],
    statement: ["Show HN: {product} – {what}", "Show HN: {product}, {aWhat} for {audience}"],
    story: ["Show HN: I built {product} because I needed {aWhat}", "Show HN: {product} – {what}"],
    technical: ["Show HN: {product} – how {aWhat} works under the hood", "Show HN: {product} – {what}"],
  }[d.spec.hook];
  const title =
    [say(f, titles), `Show HN: ${f.product}`]
      .map((t) => t && plain(t).replace(/\s+/g, " ").trim())
      .find((t) => t && contentLength(t, "HACKER_NEWS") <= max) ?? clip(`Show HN: ${f.product}`, max);
  const greeting = line(f, d.wording === 0 ? "Hi HN, I'm one of the people building this." : "Hello HN. Maker here.", "Hi HN.");
  const how = d.steps
    ? `${line(f, "How it works:", "Under the hood:", "The steps:")}\n${d.steps.map((s) => `- ${capitalize(s)}`).join("\n")}`
    : "";
  const ask = line(
    f,
    d.spec.cta === "try"
      ? "The link is above. I'll be around in the comments to answer questions."
      : d.spec.cta === "follow"
        ? "I'll post a write-up of what I learn from this thread."
        : "I'd like feedback on the approach, especially from anyone who has tried to solve this another way.",
    "Questions and criticism welcome.",
    "Ask me anything about it.",
  );
  const rough = line(
    f,
    d.wording === 0 ? "It's early and some parts are rough." : "There are rough edges; I'd rather hear about them now.",
  );
  const intro =
    say(f, [
      d.wording === 0 ? "{product} is {aWhat} for {audience}." : "What it is: {aWhat} for {audience}.",
      "{product} is {aWhat}.",
    ]) ?? d.intro;
  const body = within("HACKER_NEWS", PLATFORM_LIMITS.HACKER_NEWS, "\n\n", [greeting, intro, ...d.angle, how, ask], [rough]);
  return `${title}\n\n${plain(body)}`;
}

function reddit(d: Draft, f: Facts): string {
  const title =
    say(f, [
      d.wording === 0
        ? "I built {aWhat} for {audience}. What would make you use it?"
        : "Looking for honest feedback on {product}, {aWhat}",
      d.wording === 0 ? "I built {product}. What would make you use it?" : "Looking for honest feedback on {product}",
      "{title}",
    ]) ?? f.title;
  const greeting = line(f, d.wording === 0 ? "Hi all," : "Hey everyone,", "Hi all,");
  const opening =
    say(f, [
      d.wording === 0
        ? "I've been working on {product} and I'd like a reality check from people who'd actually use it."
        : "Long-time reader here. I've been building {product} and could use some outside eyes.",
      "I'd like some outside eyes on this.",
    ]) ?? "";
  const ask = line(
    f,
    d.spec.cta === "try"
      ? "If you try it, tell me where it breaks. Link in the comments if anyone wants it."
      : d.spec.cta === "follow"
        ? "I'll come back and share what changed because of this thread."
        : "What would you need to see before you'd use something like this? What's missing?",
    "What's missing? What would you change?",
    "What would you change?",
  );
  const body = within(
    "REDDIT",
    PLATFORM_LIMITS.REDDIT,
    "\n\n",
    [greeting, opening, d.intro, ...d.angle, ask],
    [d.example ?? "", line(f, "Not selling anything here; I'd just like to hear what you think.")],
  );
  return `${clip(plain(title), PLATFORM_HEADINGS.REDDIT?.max ?? 300)}\n\n${plain(body)}`;
}

function newsletter(d: Draft, f: Facts): string {
  const subject = clip(d.hook, PLATFORM_HEADINGS.NEWSLETTER?.max ?? 150);
  const hello = line(f, d.wording === 0 ? "Hi there," : "Hello again,", "Hi,");
  const steps = d.steps ? d.steps.map((s) => `- ${capitalize(s)}`).join("\n") : "";
  const sign = say(f, [d.wording === 0 ? "— The {product} team" : "Talk soon,\nthe {product} team"]) ?? "— The team";
  const body = within(
    "NEWSLETTER",
    PLATFORM_LIMITS.NEWSLETTER,
    "\n\n",
    [hello, d.intro, ...d.angle, d.topic, d.cta, sign],
    [d.example ?? "", steps, d.warm ?? "", d.next ?? ""],
  );
  return `${subject}\n\n${body}`;
}

function blog(d: Draft, f: Facts): string {
  const sections: string[] = [`# ${stripEnd(d.hook)}`, `${d.intro} ${d.topic}`];
  const angleHeading = line(
    f,
    { problem: "The problem", outcome: "What changes", story: "Why we built it", proof: "An example" }[d.spec.angle],
    "Why it matters",
    "The idea",
  );
  sections.push(`## ${angleHeading}\n\n${d.angle.map((a) => `- ${a}`).join("\n")}`);
  if (d.spec.length === "full") {
    if (d.steps)
      sections.push(
        `## ${line(f, "How it works", "Under the hood", "The steps")}\n\n${d.steps.map((s) => `- ${capitalize(sentenceEnd(s))}`).join("\n")}`,
      );
    if (d.example) sections.push(`## ${line(f, "In practice", "On a real day")}\n\n- ${d.example}`);
    if (d.next) sections.push(`## ${line(f, "What's next", "Coming up", "Next")}\n\n- ${d.next}`);
  }
  sections.push(d.cta.replace(/\s*\([^)]*\)/, ""));
  return within("BLOG", PLATFORM_LIMITS.BLOG, "\n\n", sections, []);
}

/** The first wording the copy may use (see compose.ts `allowed`), else nothing. */
const line = (f: Facts, ...candidates: string[]) => say(f, candidates) ?? "";

const sentenceEnd = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export const FORMATS: Record<Platform, (d: Draft, f: Facts) => string> = {
  X: xPost,
  LINKEDIN: linkedIn,
  INSTAGRAM: instagram,
  PRODUCT_HUNT: productHunt,
  HACKER_NEWS: hackerNews,
  REDDIT: reddit,
  NEWSLETTER: newsletter,
  BLOG: blog,
};
