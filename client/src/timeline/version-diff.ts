import type { DiffMark, PostCard, StrategyView, VersionRow, VersionView } from "../campaign/live-campaign.svelte.js";

/** What compareVersions answered, reduced to post ids. */
export interface PostIdDiff {
  addedPosts: readonly { id: string }[];
  removedPosts: readonly { id: string }[];
  keptPosts: readonly { id: string }[];
}

export interface DiffSummary {
  added: number;
  removed: number;
  kept: number;
}

const postsOf = (strategy: StrategyView): PostCard[] => strategy.phases.flatMap((phase) => phase.posts);

/**
 * The canvas's diff view of two versions: the newer strategy, a mark per post (added / kept), and
 * the posts the newer version no longer has as ghosts (marked removed), taken from the older
 * strategy so the canvas can draw them in their phase. The server's lists decide; a post of the
 * newer strategy that neither list names counts as added if the older strategy lacks it.
 */
export function buildDiffView(
  from: number,
  to: number,
  diff: PostIdDiff,
  fromStrategy: StrategyView,
  toStrategy: StrategyView,
): VersionView & { summary: DiffSummary } {
  const added = new Set(diff.addedPosts.map((p) => p.id));
  const kept = new Set(diff.keptPosts.map((p) => p.id));
  const removed = new Set(diff.removedPosts.map((p) => p.id));
  const before = new Set(postsOf(fromStrategy).map((p) => p.id));

  const marks: Record<string, DiffMark> = {};
  for (const post of postsOf(toStrategy)) {
    marks[post.id] = added.has(post.id) ? "added" : kept.has(post.id) || before.has(post.id) ? "kept" : "added";
  }
  const ghosts = postsOf(fromStrategy).filter((post) => removed.has(post.id) && !Object.hasOwn(marks, post.id));
  for (const ghost of ghosts) marks[ghost.id] = "removed";

  const summary = { added: 0, removed: 0, kept: 0 };
  for (const mark of Object.values(marks)) summary[mark]++;
  return { label: `Changes from version ${from} to ${to}`, strategy: toStrategy, marks, ghosts, summary };
}

/** "Initial plan", "Regeneration from phase 2", "Restore of version 1". */
export function versionKind(row: Pick<VersionRow, "kind" | "fromPhase" | "restoredFrom">): string {
  switch (row.kind) {
    case "INITIAL":
      return "Initial plan";
    case "REGENERATION":
      return row.fromPhase != null ? `Regeneration from phase ${row.fromPhase}` : "Regeneration";
    case "RESTORE":
      return row.restoredFrom != null ? `Restore of version ${row.restoredFrom}` : "Restore";
    default:
      return row.kind;
  }
}

/** "3 archived, 7 new". */
export const versionCounts = (row: Pick<VersionRow, "archivedPostCount" | "createdPostCount">) =>
  `${row.archivedPostCount} archived, ${row.createdPostCount} new`;

/** "3 added, 2 removed, 4 kept". */
export const summaryText = (s: DiffSummary) => `${s.added} added, ${s.removed} removed, ${s.kept} kept`;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "just now", "5 minutes ago", "3 hours ago"; older than a week: the local date and time. */
export function relativeTime(iso: string, now: number, locale?: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const ago = now - at;
  if (ago < 45_000) return "just now";
  if (ago >= 7 * 86_400_000) return new Date(at).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (ago >= ms || unit === "minute") return format.format(-Math.max(1, Math.round(ago / ms)), unit);
  }
  return iso;
}
