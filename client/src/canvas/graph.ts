import { type Edge, MarkerType } from "@xyflow/svelte";
import type { DiffMark, PostCard, StrategyView } from "../campaign/live-campaign.svelte.js";
import { CARD_HEIGHT, CARD_WIDTH, layoutStrategy } from "./layout.js";
import type { CanvasNode, PhaseFlowNode, PostFlowNode } from "./nodes.js";

export interface GraphInput {
  strategy: StrategyView;
  marks?: Record<string, DiffMark> | undefined;
  ghosts?: readonly PostCard[] | undefined;
}

const LINK_COLOUR = "#64748b";
const ADDED_COLOUR = "#166534";

/**
 * The flow's nodes and edges for a strategy. A card already on the canvas (same post id in
 * `previous`) keeps its node — measured size, selection — and gets the new data; it keeps its
 * position only if a person dragged it (`dragged`), so that every other card follows the layout
 * and nothing overlaps when posts come and go. Columns are recomputed every time.
 */
export function buildGraph(
  input: GraphInput,
  previous: readonly CanvasNode[],
  dragged: ReadonlySet<string> = new Set(),
): { nodes: CanvasNode[]; edges: Edge[] } {
  const { strategy, marks, ghosts = [] } = input;
  const old = new Map(previous.map((n) => [n.id, n]));

  // Phases of the strategy, plus any phase only the ghosts still have.
  const phases = new Map<number, { name: string; posts: PostCard[]; ghosts: PostCard[] }>();
  for (const phase of strategy.phases) {
    phases.set(phase.number, { name: phase.name, posts: [...phase.posts].sort(byPosition), ghosts: [] });
  }
  for (const ghost of ghosts) {
    let phase = phases.get(ghost.phase);
    if (!phase) {
      phase = { name: "no longer planned", posts: [], ghosts: [] };
      phases.set(ghost.phase, phase);
    }
    phase.ghosts.push(ghost);
  }
  for (const phase of phases.values()) phase.ghosts.sort(byPosition);
  const numbers = [...phases.keys()].sort((a, b) => a - b);

  const layout = layoutStrategy(
    numbers.map((number) => {
      const phase = phases.get(number) as { posts: PostCard[]; ghosts: PostCard[] };
      return { number, postIds: [...phase.posts, ...phase.ghosts].map((p) => p.id) };
    }),
    strategy.links.map((l) => ({ from: l.from.id, to: l.to.id })),
  );

  const columns: PhaseFlowNode[] = layout.columns.map((box) => {
    const phase = phases.get(box.number) as { name: string; posts: PostCard[]; ghosts: PostCard[] };
    const id = `phase-${box.number}`;
    const before = old.get(id);
    const node: PhaseFlowNode = {
      ...(before?.type === "phase" ? before : {}),
      id,
      type: "phase",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { number: box.number, name: phase.name, count: phase.posts.length + phase.ghosts.length },
      draggable: false,
      selectable: false,
      deletable: false,
      focusable: false,
      connectable: false,
      zIndex: -1,
      class: "phase-column-node",
    };
    return node;
  });

  const cards: PostFlowNode[] = [];
  for (const number of numbers) {
    const phase = phases.get(number) as { posts: PostCard[]; ghosts: PostCard[] };
    for (const [post, ghost] of [
      ...phase.posts.map((p) => [p, false] as const),
      ...phase.ghosts.map((p) => [p, true] as const),
    ]) {
      const data = { post, ghost, mark: marks?.[post.id] ?? (ghost ? ("removed" as const) : undefined) };
      const before = old.get(post.id);
      if (before?.type === "post") {
        const position = dragged.has(post.id) ? before.position : (layout.positions.get(post.id) ?? before.position);
        cards.push({ ...before, position, data });
        continue;
      }
      cards.push({
        id: post.id,
        type: "post",
        position: layout.positions.get(post.id) ?? { x: 0, y: 0 },
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        data,
        focusable: false, // the title button inside the card is the tab stop
        connectable: false,
        deletable: false, // Backspace must not take a post off the canvas
      });
    }
  }

  const present = new Set(cards.map((c) => c.id));
  const edges: Edge[] = strategy.links
    .filter((l) => present.has(l.from.id) && present.has(l.to.id))
    .map((l) => {
      const added = marks && (marks[l.from.id] === "added" || marks[l.to.id] === "added");
      const colour = added ? ADDED_COLOUR : LINK_COLOUR;
      return {
        id: `link:${l.from.id}->${l.to.id}`,
        source: l.from.id,
        target: l.to.id,
        markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 18, height: 18 },
        style: `stroke: ${colour}; stroke-width: ${added ? 2 : 1.5}px;`,
        selectable: false,
        focusable: false,
        deletable: false,
      };
    });

  return { nodes: [...columns, ...cards], edges };
}

function byPosition(a: PostCard, b: PostCard) {
  return a.position - b.position;
}
