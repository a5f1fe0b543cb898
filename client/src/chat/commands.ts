/**
 * The chat bar's language, as pure functions (no Svelte, no GraphQL): parsing a message into a
 * command or an explanation of what is wrong with it, and the suggestions the bar offers while typing
 * (`/` commands, `@` posts).
 */

import { FOLLOW_UP_LIMITS, INPUT_LIMITS, PLAN_LIMITS, TRIGGER_LIMITS } from "../lib/limits.js";

/** The same limits the server applies (regeneration, triggers, follow-ups). */
export const MAX_DIRECTION = INPUT_LIMITS.maxDirection;
export const MAX_PHASES = PLAN_LIMITS.maxPhases;
export const MAX_TRIGGER = TRIGGER_LIMITS.maxText;
export const MAX_PROMPT = FOLLOW_UP_LIMITS.maxPrompt;
export const MAX_FOLLOW_UP_FROM = FOLLOW_UP_LIMITS.maxFromPosts;

/** What a trigger looks like, for the messages that ask for one. */
export const TRIGGER_EXAMPLE = "fewer than 5 likes within 1 hour, make the hook more technical";

export interface ChatCommand {
  /** The word after `/` or `!`. */
  name: string;
  /** What the menu shows and the error for an unknown command lists. */
  usage: string;
  description: string;
  /** What picking the command from the menu puts in the input. */
  template: string;
}

export const COMMANDS: readonly ChatCommand[] = [
  {
    name: "regenerate",
    usage: "/regenerate phase N <direction>",
    description: "replan from phase N",
    template: "/regenerate phase ",
  },
  {
    name: "followup",
    usage: "/followup <prompt>",
    description: "a new post after the selected posts",
    template: "/followup ",
  },
];

export type ParsedMessage =
  /** Nothing typed: do nothing. */
  | { kind: "empty" }
  | { kind: "regenerate"; phaseNum: number; newDirection: string }
  /** `@Post title <trigger text>`: set that post's trigger. */
  | { kind: "trigger"; postId: string; title: string; text: string }
  /** `/followup <prompt>`: a new post after the selected ones. */
  | { kind: "followup"; fromPostIds: string[]; prompt: string }
  /** Explain inline; send nothing. */
  | { kind: "error"; message: string };

/** A post the chat can name with `@`. */
export interface ChatPost {
  id: string;
  title: string;
}

export interface ChatContext {
  /** The campaign's last phase that has posts (0 for an empty strategy). */
  lastPhase: number;
  /** The active posts of the current strategy, for `@Post title …`. */
  posts?: readonly ChatPost[];
  /** The posts selected on the canvas, for `/followup`. */
  selectedPostIds?: readonly string[];
}

/** The highest phase a regeneration may start from: one past the last phase, at most MAX_PHASES. */
export const highestPhase = ({ lastPhase }: ChatContext) => Math.max(1, Math.min(lastPhase + 1, MAX_PHASES));

/** The last phase that has posts, from a strategy's phases. */
export const lastPhaseOf = (phases: readonly { number: number; posts: readonly unknown[] }[]) =>
  phases.reduce((last, phase) => (phase.posts.length > 0 ? Math.max(last, phase.number) : last), 0);

const known = () => [...COMMANDS.map((c) => `${c.usage} (${c.description})`), `${POST_USAGE} (set a post's trigger)`].join("; ");

const USAGE = "/regenerate phase N <direction>";
const POST_USAGE = "@Post title <trigger>";

/**
 * A message of the chat bar, read into what to send or an explanation of what is wrong with it:
 * - `!regenerate phase 2 pivot to developer-first` or `/regenerate phase 2 …`; the command and the
 *   word "phase" are case-insensitive, `phase2` and a bare `2` are accepted too;
 * - `/followup <prompt>` (or `!followup`): a new post after the posts selected on the canvas;
 * - `@Post title <trigger text>`: the trigger of the post with that title (the longest title the
 *   text after `@` starts with, case-insensitive).
 */
export function parseMessage(text: string, context: ChatContext): ParsedMessage {
  const message = text.trim();
  if (message === "") return { kind: "empty" };

  if (message.startsWith("@")) return parseTrigger(message, context);

  const command = message.match(/^[!/](\S*)/);
  if (!command)
    return {
      kind: "error",
      message: `Start with a command: ${USAGE} (or !regenerate …), /followup <prompt>, or ${POST_USAGE}. Type / to see the commands.`,
    };

  const name = (command[1] ?? "").toLowerCase();
  if (name === "") return { kind: "error", message: `Type a command after "${message[0]}". Known commands: ${known()}.` };
  const rest = message.slice(command[0].length).trim();
  if (name === "followup" || name === "follow-up") return parseFollowUp(rest, context);
  if (name !== "regenerate")
    return {
      kind: "error",
      message: `Unknown command "${message[0]}${command[1]}". Known commands: ${known()}.`,
    };
  return parseRegenerate(rest, context);
}

function parseRegenerate(rest: string, context: ChatContext): ParsedMessage {
  const highest = highestPhase(context);
  const phase = rest.match(/^(?:phase\s*)?([-+]?\d+(?:[.,]\d+)?)(?=\s|$)/i);
  if (!phase?.[1])
    return {
      kind: "error",
      message: `Missing phase number: write ${USAGE}, with N from 1 to ${highest}.`,
    };
  const phaseNum = Number(phase[1].replace(",", "."));
  if (!Number.isInteger(phaseNum))
    return { kind: "error", message: `The phase must be a whole number from 1 to ${highest}, not ${phase[1]}.` };
  if (phaseNum < 1 || phaseNum > highest)
    return {
      kind: "error",
      message:
        `Phase ${phase[1]} is out of range: choose a phase from 1 to ${highest}` +
        ` (the last phase is ${context.lastPhase}; a campaign has at most ${MAX_PHASES} phases).`,
    };

  const newDirection = rest.slice(phase[0].length).trim();
  if (newDirection === "")
    return {
      kind: "error",
      message: `Add the new direction after the phase number, e.g. /regenerate phase ${phaseNum} pivot to developer-first strategy with technical demos.`,
    };
  if (newDirection.length > MAX_DIRECTION)
    return {
      kind: "error",
      message: `The direction is too long: ${newDirection.length} characters, at most ${MAX_DIRECTION}. Shorten it and send again.`,
    };
  return { kind: "regenerate", phaseNum, newDirection };
}

function parseFollowUp(prompt: string, context: ChatContext): ParsedMessage {
  const selected = [...new Set(context.selectedPostIds ?? [])];
  if (selected.length === 0)
    return {
      kind: "error",
      message: "Select one or more posts first (shift-click their cards or tick their boxes), then send /followup <prompt>.",
    };
  if (selected.length > MAX_FOLLOW_UP_FROM)
    return {
      kind: "error",
      message: `A follow-up can follow at most ${MAX_FOLLOW_UP_FROM} posts; ${selected.length} are selected. Unselect some and send again.`,
    };
  if (prompt === "")
    return {
      kind: "error",
      message: "Say what the new post should be about, e.g. /followup a technical deep dive into the architecture.",
    };
  if (prompt.length > MAX_PROMPT)
    return {
      kind: "error",
      message: `The prompt is too long: ${prompt.length} characters, at most ${MAX_PROMPT}. Shorten it and send again.`,
    };
  return { kind: "followup", fromPostIds: selected, prompt };
}

/** The post whose title the text starts with (the longest such title), case-insensitive. */
export function postAtStart<P extends ChatPost>(posts: readonly P[], text: string): P | undefined {
  const lower = text.toLowerCase();
  let best: P | undefined;
  for (const post of posts) {
    const title = post.title.trim().toLowerCase();
    if (title === "" || !lower.startsWith(title)) continue;
    // The title must end at a word boundary: "@Launch day" does not name "Launch".
    const after = text[title.length];
    if (after !== undefined && !/[\s,:;.!?]/.test(after)) continue;
    if (!best || title.length > best.title.trim().length) best = post;
  }
  return best;
}

function parseTrigger(message: string, context: ChatContext): ParsedMessage {
  const named = message.slice(1);
  const post = postAtStart(context.posts ?? [], named);
  if (!post) {
    const guess = named.split(/\s+/).slice(0, 4).join(" ");
    return {
      kind: "error",
      message:
        guess === ""
          ? `Name a post after "@": type @ and pick one from the list, then the trigger, e.g. @Launch teaser ${TRIGGER_EXAMPLE}.`
          : `No post of the current strategy has a title that "@${guess}…" starts with. Type @ and pick a post from the list, then the trigger.`,
    };
  }
  const title = post.title.trim();
  const text = named
    .slice(title.length)
    .replace(/^[\s,:;]+/, "")
    .trim();
  if (text === "")
    return {
      kind: "error",
      message: `Add the trigger after the title, e.g. @${title} ${TRIGGER_EXAMPLE}.`,
    };
  if (text.length > MAX_TRIGGER)
    return {
      kind: "error",
      message: `The trigger is too long: ${text.length} characters, at most ${MAX_TRIGGER}. Shorten it and send again.`,
    };
  return { kind: "trigger", postId: post.id, title, text };
}

/** While the message is a lone `/word` (or `!word`): the commands that word could start. */
export function commandSuggestions(text: string): ChatCommand[] | null {
  const match = text.match(/^[/!](\S*)$/);
  if (!match) return null;
  const typed = (match[1] ?? "").toLowerCase();
  return COMMANDS.filter((c) => c.name.startsWith(typed));
}

/** The `@mention` being typed at the caret: where its `@` is and what follows it up to the caret. */
export interface Mention {
  start: number;
  end: number;
  query: string;
}

/**
 * The mention the caret is in: the last `@` before the caret that starts the message or follows a
 * space. Titles contain spaces, so the query runs up to the caret.
 */
export function mentionAt(text: string, caret: number): Mention | null {
  const before = text.slice(0, caret);
  for (let at = before.lastIndexOf("@"); at >= 0; at = before.lastIndexOf("@", at - 1)) {
    if (at === 0 || /\s/.test(before[at - 1] ?? "")) return { start: at, end: caret, query: before.slice(at + 1) };
  }
  return null;
}

/** Posts whose title contains the query (case-insensitive), titles that start with it first. */
export function matchPosts<P extends { title: string }>(posts: readonly P[], query: string, limit = 8): P[] {
  const q = query.trim().toLowerCase();
  const scored = posts
    .map((post) => ({ post, at: post.title.toLowerCase().indexOf(q) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => (a.at === 0 ? 0 : 1) - (b.at === 0 ? 0 : 1) || a.post.title.localeCompare(b.post.title));
  return scored.slice(0, limit).map(({ post }) => post);
}

/** The message with the mention replaced by `@<title> `, and where the caret goes. */
export function insertMention(text: string, mention: Mention, title: string): { text: string; caret: number } {
  const inserted = `@${title} `;
  return { text: text.slice(0, mention.start) + inserted + text.slice(mention.end), caret: mention.start + inserted.length };
}
