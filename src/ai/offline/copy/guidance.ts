// What a reviewer's feedback or a trigger's action asks of the copy, read for its meaning only: the
// writer never repeats the guidance's words. The signals are data (GUIDANCE_SIGNALS).
import { type Intent, parseIntents } from "../intents.js";

export type Request =
  /** Fewer superlatives, no exclamation marks or emoji, a concrete example instead of hype. */
  | "calm"
  /** A concrete example or a number. */
  | "concrete"
  | "shorter"
  | "longer"
  /** How it works: steps, code, the mechanism. */
  | "technical"
  /** Lighter, more personal. */
  | "casual"
  /** More formal: no emoji, no slang. */
  | "formal"
  /** A question to the reader. */
  | "question"
  /** A clearer call to action. */
  | "action";

export const GUIDANCE_SIGNALS: readonly { request: Request; words: RegExp }[] = [
  {
    request: "calm",
    words:
      /\b(sales-?y|salesy|pushy|hype|hyped|hypey|buzzwords?|marketing[- ]speak|cheesy|cringe|over[- ]the[- ]top|too many emojis?|spammy|fluff|fluffy|clickbait|exaggerat\w*|superlatives?|less promotional|too promotional|ad-like)\b/i,
  },
  { request: "concrete", words: /\b(concrete|specific|specifics|examples?|vague|generic|numbers?|data|proof|evidence|real)\b/i },
  {
    request: "shorter",
    words: /\b(too long|shorter|shorten|concise|wordy|verbose|trim|tighter|less text|too much text|tl;?dr)\b/i,
  },
  { request: "longer", words: /\b(too short|longer|more detail|expand|elaborate|more depth|thin)\b/i },
  {
    request: "technical",
    words:
      /\b(technical|tech|code|coding|snippets?|how it works|architecture|engineers?|developers?|devs?|under the hood|implementation|api|cli|benchmarks?|demos?)\b/i,
  },
  { request: "casual", words: /\b(casual|playful|fun|funnier|lighter|boring|dry|stiff|personal|human|friendly|warmer)\b/i },
  { request: "formal", words: /\b(formal|professional|serious|corporate|no emojis?|fewer emojis?|less emoji)\b/i },
  { request: "question", words: /\b(questions?|ask the (reader|audience)|engag\w*|conversation|discussion)\b/i },
  { request: "action", words: /\b(cta|call to action|clearer ask|sign[- ]?ups?|conversions?|clicks?|link)\b/i },
];

export interface GuidanceReading {
  present: boolean;
  requests: Set<Request>;
  /** The intents the guidance names (an offer, a community, a demo…), from the shared table. */
  intents: Intent[];
  /** A hash-free number that changes with the guidance, so any rewrite reads differently. */
  turn: number;
}

export function readGuidance(guidance: string | undefined): GuidanceReading {
  const text = guidance?.trim() ?? "";
  const requests = new Set(GUIDANCE_SIGNALS.filter((s) => s.words.test(text)).map((s) => s.request));
  if (requests.has("calm")) {
    requests.delete("casual");
    requests.add("concrete");
  }
  if (requests.has("shorter")) requests.delete("longer");
  let turn = 0;
  for (const char of text) turn = (turn * 31 + (char.codePointAt(0) ?? 0)) % 9973;
  return { present: text !== "", requests, intents: text ? parseIntents(text) : [], turn: text ? turn + 1 : 0 };
}
