// The offline media: an SVG title card per variant, 1200×630 (the size social sites preview links
// at). The palette is hashed from the campaign id, so a campaign's cards belong together through
// renames; A and B differ in accent. All text is XML-escaped and wrapped to the card, and a
// reviewer's feedback or pasted goals are never shown (cardText).
import { createHash } from "node:crypto";
import { PLATFORM_NAMES } from "../../domain/content.js";
import type { MediaRequest } from "../context.js";

const WIDTH = 1200;
const HEIGHT = 630;
const MARGIN = 80;
const FONT = "Inter, 'Helvetica Neue', Arial, sans-serif";

/** What XML 1.0 cannot hold even escaped: control characters, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const graphemes = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

const WIDE =
  /[\p{Extended_Pictographic}\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** A grapheme's advance in ems, roughly, for a bold sans-serif; no font metrics are at hand. */
const advance = (g: string) => (WIDE.test(g) ? 1 : g === " " ? 0.28 : /[\p{Lu}\p{N}]/u.test(g) ? 0.72 : 0.56);
const emWidth = (text: string) => graphemes(text).reduce((sum, g) => sum + advance(g), 0);

/** Pieces of a word no wider than `ems` each (a long link, or a script written without spaces). */
function splitWord(word: string, ems: number): string[] {
  const pieces = [""];
  for (const g of graphemes(word)) {
    const last = pieces.length - 1;
    if (pieces[last] && emWidth(`${pieces[last]}${g}`) > ems) pieces.push(g);
    else pieces[last] += g;
  }
  return pieces;
}

/** The text in lines of at most `width` px at `size` px; the last allowed line ends in "…" if it is cut. */
function wrap(text: string, size: number, width: number, maxLines: number): { lines: string[]; complete: boolean } {
  const ems = width / size;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean))
    for (const piece of splitWord(word, ems)) {
      const longer = line ? `${line} ${piece}` : piece;
      if (emWidth(longer) <= ems) line = longer;
      else {
        lines.push(line);
        line = piece;
      }
    }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return { lines, complete: true };
  let last = graphemes(lines[maxLines - 1] ?? "");
  while (last.length > 0 && emWidth(`${last.join("").trimEnd()}…`) > ems) last = last.slice(0, -1);
  return { lines: [...lines.slice(0, maxLines - 1), `${last.join("").trimEnd()}…`], complete: false };
}

/** The largest of `sizes` at which the text fits in `maxLines`; cut at the smallest otherwise. */
function fitLines(text: string, sizes: number[], width: number, maxLines: number) {
  const size = sizes.find((s) => wrap(text, s, width, maxLines).complete) ?? Math.min(...sizes);
  return { size, lines: wrap(text, size, width, maxLines).lines };
}

function textBlock(lines: string[], x: number, top: number, size: number, attributes: string) {
  const lineHeight = Math.round(size * 1.18);
  const spans = lines.map((l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : lineHeight}">${escapeXml(l)}</tspan>`).join("");
  return {
    svg: `<text x="${x}" y="${top + size}" font-size="${size}" ${attributes}>${spans}</text>`,
    bottom: top + size + lineHeight * (lines.length - 1),
  };
}

function hex(hue: number, saturation: number, lightness: number): string {
  const h = ((hue % 360) + 360) % 360;
  const s = saturation / 100;
  const l = lightness / 100;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

function palette(campaignId: string, label: "A" | "B") {
  const hue = createHash("sha256").update(campaignId).digest().readUInt16BE(0) % 360;
  return {
    from: hex(hue, 45, 14),
    to: hex(hue + 35, 50, 24),
    accent: hex(hue + (label === "A" ? 150 : 270), 85, 62),
    muted: hex(hue, 25, 82),
  };
}

/**
 * What the card never shows, whoever wrote the hook and caption: a reviewer's feedback or a trigger's
 * guidance ("Reviewer feedback: …"), pasted goals ("Goal: …"), up to the end of their sentence.
 */
const INTERNAL = /\b(?:reviewer(?:'s)? feedback|feedback|guidance|reviewer|goals?|internal note)\s*:[^.!?\n]*[.!?]?/giu;
export const cardText = (text: string) =>
  text
    .replace(INTERNAL, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s:;,.–—-]+/u, "")
    .trim();

/** The card for one variant, as an SVG document. */
export function svgCard(request: MediaRequest): string {
  const clean = (text: string) => cardText(text.replace(NOT_XML, ""));
  const colors = palette(request.campaignId, request.label);
  const textWidth = WIDTH - 2 * MARGIN;
  const badge = 120;
  const header = fitLines(
    `${clean(request.campaignName)} · ${PLATFORM_NAMES[request.platform]}`.toUpperCase(),
    [26],
    textWidth - badge - 40,
    1,
  );
  const hook = fitLines(clean(request.hook) || clean(request.postTitle), [72, 60, 50], textWidth, 3);
  const title = fitLines(clean(request.postTitle), [30], textWidth, 2);
  const hookBlock = textBlock(hook.lines, MARGIN, 196, hook.size, `font-weight="800" fill="#ffffff"`);
  const titleBlock = textBlock(title.lines, MARGIN, hookBlock.bottom + 36, title.size, `fill="${colors.muted}"`);
  const headerBlock = textBlock(
    header.lines,
    MARGIN,
    82,
    header.size,
    `font-weight="700" letter-spacing="1" fill="${colors.accent}"`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="card-title card-desc" font-family="${FONT}">`,
    `<title id="card-title">${escapeXml(clean(request.hook) || clean(request.postTitle))}</title>`,
    `<desc id="card-desc">${escapeXml(clean(request.caption))}</desc>`,
    `<defs><linearGradient id="background" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colors.from}"/><stop offset="1" stop-color="${colors.to}"/></linearGradient></defs>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#background)"/>`,
    `<rect width="16" height="${HEIGHT}" fill="${colors.accent}"/>`,
    headerBlock.svg,
    `<rect x="${WIDTH - MARGIN - badge}" y="48" width="${badge}" height="${badge}" rx="28" fill="${colors.accent}"/>`,
    `<text x="${WIDTH - MARGIN - badge / 2}" y="134" font-size="72" font-weight="800" text-anchor="middle" fill="${colors.from}">${escapeXml(request.label)}</text>`,
    hookBlock.svg,
    titleBlock.svg,
    `<text x="${MARGIN}" y="${HEIGHT - 44}" font-size="24" font-weight="700" fill="${colors.accent}">Variant ${escapeXml(request.label)}</text>`,
    "</svg>",
  ].join("\n");
}
