// What a direction is about: a regeneration's new direction, a follow-up's prompt or a trigger's
// action, read as intents that change channels, formats and angles. The words are data
// (INTENT_SIGNALS); the order of intents is the order they appear in the text.

export type Intent =
  | "developer-first"
  | "technical-demo"
  | "community"
  | "enterprise"
  | "offer"
  | "product-hunt"
  | "partnerships"
  | "content-seo"
  | "paid"
  | "referral"
  | "events";

export const INTENT_SIGNALS: readonly { intent: Intent; words: RegExp }[] = [
  {
    intent: "developer-first",
    words: /\b(developer[- ]first|developers?|devs?|engineers?|open[- ]source|github|hacker news|show hn|api|sdk)\b/i,
  },
  {
    intent: "technical-demo",
    words: /\b(technical demos?|demos?|live coding|code samples?|walkthroughs?|screencasts?|tutorials?|how it works)\b/i,
  },
  { intent: "community", words: /\b(community|discord|slack|meetups?|forums?|reddit|ambassadors?|user groups?)\b/i },
  { intent: "enterprise", words: /\b(enterprise|security|soc ?2|compliance|procurement|large companies|b2b|sales[- ]led)\b/i },
  { intent: "offer", words: /\b(pricing|price|discount|offer|deal|free tier|free trial|coupon|promo(tion)?|sale)\b/i },
  { intent: "product-hunt", words: /\b(product ?hunt|launch day)\b/i },
  { intent: "partnerships", words: /\b(partners?(hips?)?|integrations?|co-?marketing|collaborations?)\b/i },
  { intent: "content-seo", words: /\b(seo|content marketing|blog posts?|articles?|guides?|organic search|newsletter)\b/i },
  { intent: "paid", words: /\b(paid|ads?|advertising|sponsored|boost(ed)?|ppc)\b/i },
  { intent: "referral", words: /\b(referrals?|refer a friend|word of mouth|invite)\b/i },
  { intent: "events", words: /\b(events?|webinars?|workshops?|conference|live sessions?|office hours|pop-?ups?|tastings?)\b/i },
];

/** The intents a text names, in the order it names them (each once). */
export function parseIntents(text: string): Intent[] {
  return INTENT_SIGNALS.map(({ intent, words }) => ({ intent, at: text.search(words) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((m) => m.intent);
}
