import { z } from "zod";

// Field types for the models' structured answers that read what real models plausibly send for a
// right answer — "2" for 2, "linkedin" or "Twitter" for an enum value, "Launch (New)" for a phase
// name, stray spaces — as the value meant, before validation. The JSON Schema the model is told is
// still the strict one (integer, enum, string: see toolSchema in ./schemas.ts), so a model that
// follows it never notices; one that does not costs no repair turn. Anything else still fails
// validation and goes back to the model.

const trim = (value: unknown) => (typeof value === "string" ? value.trim() : value);

/** A string, trimmed. */
export const text = () => z.preprocess(trim, z.string());

/** An integer; a string holding one ("2", " 12 ") counts. */
export const int = () =>
  z.preprocess((value) => {
    const trimmed = trim(value);
    return typeof trimmed === "string" && /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  }, z.number().int());

/** A boolean; "true" and "false" in any case count. */
export const bool = () =>
  z.preprocess((value) => {
    const trimmed = trim(value);
    return typeof trimmed === "string" && /^(true|false)$/i.test(trimmed) ? trimmed.toLowerCase() === "true" : trimmed;
  }, z.boolean());

/** "Product hunt", "product-hunt", "productHunt" → "PRODUCTHUNT": the key an enum value is looked up by. */
const enumKey = (value: string) => value.toUpperCase().replace(/[^A-Z0-9<>=]/g, "");

/**
 * One of `values`, matched whatever the case and separators ("linkedin", "Product Hunt",
 * "less_than"), or by an alias (keys written as enumKey gives them: "TWITTER", "<").
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number]> = {}) {
  const byKey = new Map<string, T[number]>([
    ...values.map((v) => [enumKey(v), v] as const),
    ...Object.entries(aliases).map(([alias, v]) => [enumKey(alias), v] as const),
  ]);
  return z.preprocess((value) => (typeof value === "string" ? (byKey.get(enumKey(value)) ?? value) : value), z.enum(values));
}

/**
 * Labels models add to a phase's name to say what they did with it, especially when replanning
 * ("Launch (New)", "[Existing] Awareness", "Growth – updated"). A label is dropped only in
 * brackets or after a dash, and only when it is one of these words, so "Launch (EU)" stays.
 */
const STATUS_LABELS = [
  "new",
  "existing",
  "kept",
  "keep",
  "updated",
  "unchanged",
  "revised",
  "modified",
  "changed",
  "regenerated",
  "replanned",
  "retained",
  "original",
  "current",
  "added",
  "continued",
  "proposed",
  "draft",
];
const LABEL = `(?:${STATUS_LABELS.join("|")})(?:\\s+phase)?`;
const LABELLED = [
  new RegExp(`^[([]\\s*${LABEL}\\s*[)\\]]\\s*[-–—:]?`, "i"), // "(New) Launch", "[Existing]: Awareness"
  new RegExp(`[([]\\s*${LABEL}\\s*[)\\]]$`, "i"), // "Launch (New)", "Awareness [kept]"
  new RegExp(`\\s[-–—]\\s*${LABEL}$`, "i"), // "Growth – updated"
  /^phase\s+\d+\s*[-–—:.]/i, // "Phase 2: Launch" (the canvas and Mermaid say "Phase 2" already)
];
/** Markdown emphasis and quotes around the whole name. */
const WRAPPERS: [open: string, close: string][] = [
  ["**", "**"],
  ["__", "__"],
  ["*", "*"],
  ['"', '"'],
  ["'", "'"],
  ["“", "”"],
  ["‘", "’"],
];

/** A phase's name without the labels and decorations models add; kept as sent when nothing else is left. */
export function cleanPhaseName(name: string): string {
  let cleaned = name.trim();
  for (let previous = ""; previous !== cleaned; ) {
    previous = cleaned;
    for (const [open, close] of WRAPPERS)
      if (cleaned.length > open.length + close.length && cleaned.startsWith(open) && cleaned.endsWith(close))
        cleaned = cleaned.slice(open.length, -close.length).trim();
    for (const label of LABELLED) cleaned = cleaned.replace(label, "").trim();
  }
  return cleaned === "" ? name.trim() : cleaned;
}

/** A phase's name, cleaned (cleanPhaseName). */
export const phaseName = () => z.preprocess((value) => (typeof value === "string" ? cleanPhaseName(value) : value), z.string());
