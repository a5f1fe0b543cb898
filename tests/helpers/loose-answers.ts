// A right answer written the way real models often write one: numbers as strings, enum values in
// another case or by another name, phase names labelled with what the model did to them, stray
// spaces. The JSON Schema the model was sent forbids all of it; Phasewise reads it as meant.

const PLATFORM_NAMES: Record<string, string> = { X: "twitter", PRODUCT_HUNT: "Product Hunt", LINKEDIN: "linkedin" };

/** `value` (a tool call's arguments) written loosely; `key` is the property it is the value of. */
export function looseAnswer(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => looseAnswer(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, looseAnswer(v, k)]));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return value;
  if (key === "name") return `${value} (New)`;
  if (key === "phaseName") return `${value} (Existing)`;
  if (key === "platform") return PLATFORM_NAMES[value] ?? value.toLowerCase();
  if (key === "metric" || key === "comparison") return value.toLowerCase().replaceAll("_", " ");
  return ` ${value} `;
}
