// Data: what the offline copy writer says, as tables. Every phrase comes in two wordings (A's and
// B's) so that the variants share few words while the tested dimension is the only thing they
// differ in on purpose. Templates read only the brief's reading and the post's title, never the
// goals, the post's description or a reviewer's words. `{…}` fields are filled by ./compose.ts.
import type { Audience, Category } from "../audiences.js";

export type Role = "awareness" | "launch" | "growth" | "community" | "retention";
export type Topic =
  | "launch"
  | "demo"
  | "tutorial"
  | "case"
  | "offer"
  | "milestone"
  | "community"
  | "teaser"
  | "event"
  | "story"
  | "update";
export type HookType = "question" | "number" | "statement" | "story" | "technical";
export type Angle = "problem" | "outcome" | "story" | "proof";
export type Cta = "try" | "reply" | "follow";
export type Length = "short" | "full";
export type Tone = "plain" | "warm";

/** Two wordings of one thing: A's and B's. */
export type Pair = readonly [string, string];

export const ROLE_SIGNALS: readonly { role: Role; words: RegExp }[] = [
  {
    role: "awareness",
    words:
      /\b(aware\w*|teas\w*|pre-?launch|warm[- ]?up|waitlist|build[- ]?up|discover\w*|private beta|beta|design partners|founding|groundwork|build in public|early access|before opening)\b/i,
  },
  { role: "launch", words: /\b(launch\w*|go[- ]live|release|opening|debut|show hn)\b/i },
  {
    role: "community",
    words: /\b(communit\w*|engag\w*|advocac\w*|office hours|contributors|roundtables|open house|events|meetups)\b/i,
  },
  {
    role: "retention",
    words: /\b(retention|loyal\w*|activation|onboard\w*|changelog|power users|success stories|habits|rewards|regulars first)\b/i,
  },
  {
    role: "growth",
    words:
      /\b(growth|grow|expan\w*|scal\w*|traction|momentum|referrals?|tutorials|word of mouth|case studies|pipeline|challenges|regulars|teams)\b/i,
  },
];

/** What a post is about, from its title and description; the first match wins. */
export const TOPIC_SIGNALS: readonly { topic: Topic; words: RegExp }[] = [
  { topic: "offer", words: /\b(offer|discount|deal|promo\w*|coupon|free tier|free trial|pricing|% off)\b/i },
  { topic: "event", words: /\b(webinar|workshop|live session|ama|meetup|tasting|open day|pop-?up|office hours|event)\b/i },
  { topic: "tutorial", words: /\b(tutorial|guide|how to|how-to|step[- ]by[- ]step|walkthrough|readme)\b/i },
  { topic: "demo", words: /\b(demo|screencast|video|code|under the hood|how it works|behind the code)\b/i },
  { topic: "case", words: /\b(case study|customer|how .+ uses|story of|testimonial|review)\b/i },
  { topic: "milestone", words: /\b(milestone|numbers|results|lessons|first \d+|recap|retro\w*|metrics)\b/i },
  { topic: "launch", words: /\b(launch\w*|show hn|product hunt|is live|now live|available|opening|open now|release)\b/i },
  { topic: "community", words: /\b(community|feedback|ask|discord|reddit|forum|members?)\b/i },
  { topic: "teaser", words: /\b(teaser|sneak peek|coming soon|waitlist|preview|first look)\b/i },
  { topic: "story", words: /\b(why we|why i|founder|story|origin|behind|building)\b/i },
];

/** What each audience cares about: its problem, the result it wants, a question and its hashtags. */
export const AUDIENCES: Record<Audience, { pain: Pair; gain: Pair; question: Pair; tags: readonly string[] }> = {
  developers: {
    pain: [
      "Building it is the part you know. Everything around it eats the evenings you wanted for code.",
      "Most good projects stall on the work nobody wants to do after the code is written.",
    ],
    gain: [
      "{product} takes the work around the code off your plate so you can get back to shipping.",
      "With {product}, the busywork shrinks and the time goes back into the code.",
    ],
    question: ["What do you put off every week because it isn't code?", "Shipped it. Now who is going to hear about it?"],
    tags: ["buildinpublic", "devtools", "indiehackers", "opensource"],
  },
  b2b: {
    pain: [
      "Teams lose hours every week to work that could run on its own.",
      "Every extra tool and handoff costs your team a little focus.",
    ],
    gain: [
      "{product} gives the hours lost to busywork back to the work that moves the numbers.",
      "With {product}, one place replaces the handoffs and your team stays on track.",
    ],
    question: ["How many hours did your team lose to busywork last week?", "What would your team do with a calmer week?"],
    tags: ["B2B", "SaaS", "productivity", "startups"],
  },
  consumers: {
    pain: ["Most apps ask for more time than they save.", "You have better things to do than fight with another app."],
    gain: ["{product} keeps it simple: open it, get it done, move on.", "{product} is built to take two minutes, not twenty."],
    question: ["When did an app last make your day easier?", "Got two minutes?"],
    tags: ["newapp", "everydaylife", "simplethings"],
  },
  local: {
    pain: [
      "The good stuff nearby is easy to miss when you're busy.",
      "Busy weeks make it hard to stop by when the shelves are full.",
    ],
    gain: [
      "{product} makes it easy to get what you love from just around the corner.",
      "With {product}, the neighbourhood favourite is a tap away.",
    ],
    question: ["Have you tried {product} yet?", "Looking for a reason to stay local this weekend?"],
    tags: ["shoplocal", "supportlocal", "neighbourhood"],
  },
};

/** Per category: a concrete example, how it works in three steps, a question and extra hashtags. */
export const CATEGORIES: Record<Category, { example: Pair; steps: readonly string[]; question?: Pair; tags: readonly string[] }> =
  {
    devtool: {
      example: [
        "install it, run one command and read the result in your terminal",
        "it fits the workflow you already have: your editor, your repo, your CI",
      ],
      steps: [
        "install it with the package manager you already use",
        "point it at your project",
        "read the output; nothing changes without you",
      ],
      tags: ["developers", "devtools"],
    },
    ai: {
      example: [
        "you give it a few lines of context and get a first draft you can edit line by line",
        "each draft shows what it was based on, so you can check it before it goes out",
      ],
      steps: [
        "you describe your situation in plain words",
        "a model drafts the first version",
        "checks run on every draft, and you keep only what you approve",
      ],
      tags: ["AI", "buildinpublic"],
    },
    saas: {
      example: [
        "set it up once in an afternoon, then it runs in the background",
        "the work that lived in five tabs now sits on one screen",
      ],
      steps: ["connect the tools you already use", "set your rules once", "review everything it did in one place"],
      tags: ["SaaS", "productivity"],
    },
    marketplace: {
      example: [
        "list in a few minutes and hear from your first buyer the same week",
        "browse what's near you and message the seller directly",
      ],
      steps: ["create a listing", "buyers find it by what they need", "you agree on the details and meet"],
      tags: ["marketplace", "community"],
    },
    food: {
      example: [
        "order by Thursday evening, pick it up fresh on Saturday morning",
        "the first trays come out at 8am and the favourites go by 10",
      ],
      steps: ["pick what you want in the app", "choose a pickup time", "collect it fresh from the counter"],
      question: ["What's your go-to weekend treat?", "Warm from the oven, or saved for later?"],
      tags: ["bakery", "freshbread", "weekendtreat", "foodie"],
    },
    retail: {
      example: ["reserve it online and pick it up on your way home", "new pieces land every Friday, and regulars see them first"],
      steps: ["browse what's in stock", "reserve what you like", "pick it up in store"],
      tags: ["shopsmall", "newin"],
    },
    health: {
      example: [
        "book a session in under a minute and get a reminder the day before",
        "ten minutes a day, tracked without any effort",
      ],
      steps: ["tell it what you want to work on", "follow a short plan each day", "see your progress week by week"],
      tags: ["wellness", "healthyhabits"],
    },
    education: {
      example: ["one short lesson a day, with a quick check at the end", "learners see their progress after every session"],
      steps: ["pick a topic", "work through short lessons", "check what stuck with a quick quiz"],
      tags: ["learning", "edtech"],
    },
    app: {
      example: [
        "open it, do the one thing you came for and close it again",
        "the first result shows up before your coffee is ready",
      ],
      steps: ["download it", "set it up in a minute", "use it when you need it"],
      tags: ["app", "newapp"],
    },
  };

/** What a post is about, in a sentence or two. */
export const TOPICS: Record<Topic, Pair> = {
  launch: ["{product} is live today.", "Today's the day: {product} is out in the open."],
  demo: [
    "Here is {product} from a blank start to a first result.",
    "Watch a first run, start to finish, with nothing edited out.",
  ],
  tutorial: ["A step-by-step guide to your first result with {product}.", "Follow along: one setup, one result, no guesswork."],
  case: ["One early user, one real workflow, and what changed.", "Here's how an early user put {product} to work."],
  offer: ["There's an offer on this week for early customers.", "Early birds get a better deal for the next few days."],
  milestone: ["Here are the numbers so far, good and bad.", "An honest look at where we are and what we learned."],
  community: [
    "We're opening the conversation with the people who use {product}.",
    "This one is about you: what you need and what we should fix.",
  ],
  teaser: ["Something new is coming from {product}.", "A small preview before the doors open."],
  event: ["We're hosting a live session to walk through it together.", "Come join us live and bring your questions."],
  story: ["We started {product} after hitting the same wall one time too many.", "{product} began as a fix for our own problem."],
  update: ["Here's what's new with {product}.", "A quick update from the people behind {product}."],
};

export const STORY: Pair = [
  "We built it for ourselves first. Every rough edge you'll find is one we hit too.",
  "It started as a side project to fix our own problem, and now it's ready for other {audience}.",
];

/** The target as a concrete, honest number: we say where we are headed, never invent results. */
export const TARGET_LINES: Pair = [
  "We're aiming for {target} in {weeks} weeks and will share the real count each week.",
  "The plan: {target} within {weeks} weeks. We'll post the numbers as they come in.",
];

/** Hook templates by type; a variant takes one by its wording and the post's hash. */
export const HOOKS: Record<HookType, readonly string[]> = {
  question: ["{question}", "Would you try {aWhat} built for {audience}?"],
  number: [
    "{target} in {weeks} weeks. Here's day one.",
    "3 steps to a first result with {product}",
    "{weeks} weeks, {target}, one plan",
  ],
  statement: ["{title}", "Meet {product}: {aWhat} for {audience}"],
  story: ["Why we built {product}", "We built {product} because we needed it"],
  technical: ["How {product} works, in 3 steps", "Under the hood of {product}"],
};

/** Calls to action by type and role; `{link}` is where the platform puts a link. */
export const CTAS: Record<Cta, Partial<Record<Role | "local", Pair>> & { default: Pair }> = {
  try: {
    awareness: ["Join the waitlist ({link}).", "Want in early? Grab a spot ({link})."],
    launch: ["Try {product} today ({link}).", "Take it for a spin ({link})."],
    growth: ["Know someone who'd use it? Send it their way.", "Share it with one person who needs it."],
    local: ["Order ahead in the app ({link}).", "Come by this week and say hi."],
    default: ["Try {product} ({link}).", "Give it a go ({link})."],
  },
  reply: {
    default: ["What would you use it for? Tell us in the replies.", "One question: what's missing? The comments are open."],
  },
  follow: {
    default: ["Follow along: we share what we learn every week.", "Stick around. There's more coming soon."],
  },
};

/** Where a link goes on each platform, for `{link}`. */
export const LINKS: Record<string, string> = {
  X: "link in the first reply",
  INSTAGRAM: "link in bio",
  LINKEDIN: "link in the first comment",
  default: "link below",
};

// A post's copy never names the posts after it: a regeneration may archive them while this post is
// kept exactly as it is, and its copy would then announce a post that will not come.
export const NEXT_LINES: Pair = ["There is more to come in this series: follow along.", "More on this soon, so stay tuned."];

export const WARM_LINES: Pair = [
  "We're a small team and we read every reply.",
  "Honestly, we can't wait to hear what you think.",
];

/** What each variant tries, for the answer's `approach`. */
export const APPROACHES = {
  HOOK: {
    question: "a question as the hook",
    number: "a number as the hook",
    statement: "a plain statement as the hook",
    story: "the story behind it as the hook",
    technical: "how it works as the hook",
  },
  ANGLE: {
    problem: "leads with the problem it solves",
    outcome: "leads with the result for the reader",
    story: "leads with why it was built",
    proof: "leads with a concrete example",
  },
  CTA: {
    try: "asks the reader to try it",
    reply: "asks the reader for feedback",
    follow: "asks the reader to follow along",
  },
  LENGTH: { short: "short: one idea", full: "full: the whole story" },
  TONE: { plain: "plain and direct", warm: "warm and conversational" },
} as const;

/** Words HN readers (and a reviewer asking for less hype) do not want to see. */
export const HYPE =
  /\b(best|amazing|incredible|revolutionary|game[- ]?changer|ultimate|powerful|seamless(ly)?|effortless(ly)?|blazing(ly)?|world[- ]class|insane(ly)?|unbelievable|massive|awesome|can't wait)\b/gi;
