// Data: the audiences and product categories the offline model tells apart, and the words that
// signal them in a brief. Order breaks ties (the first listed wins).

export type Audience = "developers" | "b2b" | "consumers" | "local";
export type Category = "devtool" | "ai" | "saas" | "marketplace" | "food" | "retail" | "health" | "education" | "app";

export const AUDIENCE_SIGNALS: readonly { kind: Audience; words: RegExp; phrase: string }[] = [
  {
    kind: "developers",
    words:
      /\b(developers?|devs?|engineers?|engineering|technical founders?|programmers?|open[- ]source|sdk|api|cli|github|devops|framework|library|code|coding|hackers?)\b/,
    phrase: "developers",
  },
  {
    kind: "b2b",
    words:
      /\b(b2b|teams?|companies|enterprises?|businesses|sales|marketers?|marketing teams?|hr|finance|operations|managers?|agencies|saas|crm|workflow|compliance|revops)\b/,
    phrase: "teams at growing companies",
  },
  {
    kind: "local",
    words:
      /\b(local|neighbou?rhood|nearby|town|city|bakery|bakeries|caf[eé]s?|coffee|restaurants?|shops?|stores?|salon|gym|studio|delivery|weekly orders|pick-?up|in-store|residents?)\b/,
    phrase: "people in the neighbourhood",
  },
  {
    kind: "consumers",
    words:
      /\b(consumers?|people|families|parents|students|fans|gamers?|travell?ers|shoppers|creators?|everyone|friends|app store|ios|android)\b/,
    phrase: "everyday users",
  },
];

export const CATEGORY_SIGNALS: readonly { kind: Category; words: RegExp }[] = [
  {
    kind: "devtool",
    words: /\b(sdk|api|cli|open[- ]source|developer tool|devtools?|framework|library|ide|database|deploy|infrastructure)\b/,
  },
  { kind: "ai", words: /\b(ai|a\.i\.|llm|machine learning|gpt|agents?|copilot)\b/ },
  { kind: "food", words: /\b(bakery|bread|pastr(y|ies)|coffee|caf[eé]|restaurant|food|meal|kitchen|pizza|groceries|orders?)\b/ },
  { kind: "retail", words: /\b(shop|store|boutique|fashion|clothing|e-?commerce|retail)\b/ },
  { kind: "health", words: /\b(health|fitness|gym|wellness|therapy|clinic|yoga|meditation)\b/ },
  { kind: "education", words: /\b(course|learn(ing)?|students?|school|tutor(ing)?|education|teachers?)\b/ },
  { kind: "marketplace", words: /\b(marketplace|buyers and sellers|two-sided|listings?)\b/ },
  { kind: "saas", words: /\b(saas|platform|dashboard|crm|workflow|os|software)\b/ },
];
