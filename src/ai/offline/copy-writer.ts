// The offline copy writer: deterministic, platform-native A/B copy with no model at all. It reads
// the brief (./brief-reader.ts), the post's title, role and topic, its active neighbours and a
// reviewer's guidance for their meaning (./copy/facts.ts), picks one dimension for the A/B test
// (./copy/ab.ts), writes each variant's message from phrase tables (./copy/phrases.ts,
// ./copy/compose.ts) and shapes it for its platform (./copy/formats.ts). It never pastes the goals,
// the product description, the post's internal description or the guidance's words.
// Same context → same copy.
import { CONTENT_LIMITS, PLATFORM_NAMES, type WrittenContent, type WrittenVariant } from "../../domain/content.js";
import type { ContentContext } from "../context.js";
import { type AbTest, chooseTest } from "./copy/ab.js";
import { calmDown, draft, type Wording } from "./copy/compose.js";
import { type Facts, readFacts } from "./copy/facts.js";
import { FORMATS } from "./copy/formats.js";
import { clip } from "./text.js";

export { wordOverlap } from "./copy/words.js";

function writeVariant(f: Facts, test: AbTest, label: "A" | "B"): WrittenVariant {
  const wording: Wording = label === "A" ? 0 : 1;
  const d = draft(f, test[label], wording);
  const calm = f.guidance.requests.has("calm");
  const text = FORMATS[f.platform](d, f);
  const hook = calm ? calmDown(d.hook) || f.title : d.hook;
  const where = PLATFORM_NAMES[f.platform];
  const caption =
    wording === 0
      ? `A title card for ${where}: “${hook}” in large type on the campaign's colours, the post's title underneath.`
      : `A bold card for ${where} with “${hook}” as the headline and the post's title in small type below it.`;
  return {
    text: calm ? calmDown(text) : text,
    hook: clip(hook, CONTENT_LIMITS.hook),
    mediaCaption: clip(caption, CONTENT_LIMITS.mediaCaption),
    approach: test.approach[label],
  };
}

/** The deterministic A and B copy for a post, differing in the one dimension the answer names. */
export function writeOfflineCopy(context: ContentContext): WrittenContent {
  const f = readFacts(context);
  const test = chooseTest(f);
  return { A: writeVariant(f, test, "A"), B: writeVariant(f, test, "B"), dimension: test.dimension };
}
