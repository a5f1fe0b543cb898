// Small text helpers shared by the copy modules: words, overlap, checks that keep the brief's and a
// reviewer's own words out of the copy, and a deterministic pick.

/** The words of a text, lower-cased (letters and digits only). */
export const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Jaccard overlap of two texts' word sets: |A∩B| / |A∪B|, 0 when both are empty. */
export function wordOverlap(a: string, b: string): number {
  const left = new Set(wordsOf(a));
  const right = new Set(wordsOf(b));
  const shared = [...left].filter((w) => right.has(w)).length;
  const union = new Set([...left, ...right]).size;
  return union === 0 ? 0 : shared / union;
}

/** Whitespace-collapsed, lower-cased text: what "verbatim" compares. */
export const normal = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
export const sentence = (text: string) => (/[.!?…:)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
export const stripEnd = (text: string) => text.replace(/[\s.!?…,;:]+$/u, "");

/** "a"/"an" before a phrase, by its first letter (acronyms read by their letter name). */
export function article(phrase: string): string {
  const first = phrase.trim();
  if (/^[AEFHILMNORSX][A-Z0-9]/.test(first)) return `an ${first}`;
  return /^[aeiou]/i.test(first) ? `an ${first}` : `a ${first}`;
}

/** One of `options`, chosen by `n` (a hash byte). */
export const pick = <T>(options: readonly T[], n: number): T => options[Math.abs(n) % options.length] as T;

/**
 * The words a reviewer used that the copy must not repeat: words of 5+ letters in the guidance
 * that are not in the post's title (the title is the post's own subject).
 */
export function guidanceWords(guidance: string | undefined, title: string): Set<string> {
  const own = new Set(wordsOf(title));
  return new Set(wordsOf(guidance ?? "").filter((w) => /^\p{L}{5,}$/u.test(w) && !own.has(w)));
}
