/**
 * The text on one line, cut on a word boundary with "…" to at most `max` UTF-16 units, so it is
 * within `max` by any count (code points, String#length), and never splits an emoji in two.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "");
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
