/**
 * Where the cards of a strategy go on the canvas: one column per phase, cards stacked in the
 * column in an order that keeps the links between columns from crossing where it can.
 *
 * Pure: no Svelte, no DOM. The canvas keeps a card's dragged position and asks this module only
 * for cards it has not placed yet.
 *
 * Why a barycenter ordering written here rather than dagre: the layers are given (a post's phase
 * is its column), whereas dagre assigns ranks itself and cannot pin a node to a rank — an
 * unlinked post lands in rank 0, a post whose links skip a phase drifts — so its result would need
 * undoing. The part of dagre we would keep is the crossing reduction, which for ≤ 6 columns of a
 * handful of cards is the classic layer-by-layer barycenter sweep below (Sugiyama et al. 1981),
 * a few dozen lines, deterministic, and easy to test.
 */

export const CARD_WIDTH = 248;
export const CARD_HEIGHT = 216;
/** Horizontal room between two columns, where the links run. */
export const COLUMN_GAP = 112;
/** Distance between the left edges of two neighbouring columns. */
export const COLUMN_WIDTH = CARD_WIDTH + COLUMN_GAP;
export const ROW_GAP = 24;
export const ROW_HEIGHT = CARD_HEIGHT + ROW_GAP;
/** Room above the first card for the column's header. */
export const HEADER_HEIGHT = 64;
/** The column's background reaches this far around its cards. */
export const COLUMN_PADDING = 14;

export interface LayoutPhase {
  number: number;
  /** In the order the plan gives (Post.position); ties in the ordering keep it. */
  postIds: readonly string[];
}

export interface LayoutLink {
  from: string;
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface ColumnBox {
  /** The phase number. */
  number: number;
  /** 0-based column index. */
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  /** Top-left corner of every card, by post id. */
  positions: Map<string, Point>;
  /** The background box of every column (header included), left to right. */
  columns: ColumnBox[];
  /** Post ids of every column, top to bottom, as placed. */
  order: string[][];
}

/** How many down+up sweeps to try; the best ordering seen is kept. */
const SWEEPS = 6;

export function layoutStrategy(phases: readonly LayoutPhase[], links: readonly LayoutLink[]): Layout {
  const sorted = [...phases].sort((a, b) => a.number - b.number);
  const layerOf = new Map<string, number>();
  sorted.forEach((phase, index) => {
    for (const id of phase.postIds) layerOf.set(id, index);
  });

  // Links between cards that are both on the canvas and in different columns, left to right.
  const edges: [string, string][] = [];
  for (const link of links) {
    const a = layerOf.get(link.from);
    const b = layerOf.get(link.to);
    if (a === undefined || b === undefined || a === b) continue;
    edges.push(a < b ? [link.from, link.to] : [link.to, link.from]);
  }
  const before = neighbours(edges, 1);
  const after = neighbours(edges, 0);

  const order = orderLayers(
    sorted.map((p) => [...p.postIds]),
    edges,
    before,
    after,
  );

  const positions = new Map<string, Point>();
  order.forEach((ids, column) => {
    ids.forEach((id, row) => {
      positions.set(id, { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT });
    });
  });

  const rows = Math.max(1, ...order.map((ids) => ids.length));
  const columnHeight = HEADER_HEIGHT + rows * ROW_HEIGHT - ROW_GAP + COLUMN_PADDING;
  const columns = sorted.map((phase, index) => ({
    number: phase.number,
    index,
    x: index * COLUMN_WIDTH - COLUMN_PADDING,
    y: -HEADER_HEIGHT,
    width: CARD_WIDTH + 2 * COLUMN_PADDING,
    height: columnHeight,
  }));

  return { positions, columns, order };
}

/** The number of pairs of links that cross, drawn as straight lines between the placed cards. */
export function countCrossings(order: readonly (readonly string[])[], links: readonly LayoutLink[]): number {
  const place = new Map<string, { layer: number; row: number }>();
  order.forEach((ids, layer) => {
    ids.forEach((id, row) => {
      place.set(id, { layer, row });
    });
  });
  const segments: { l1: number; r1: number; l2: number; r2: number }[] = [];
  for (const link of links) {
    const a = place.get(link.from);
    const b = place.get(link.to);
    if (!a || !b || a.layer === b.layer) continue;
    const [s, t] = a.layer < b.layer ? [a, b] : [b, a];
    segments.push({ l1: s.layer, r1: s.row, l2: t.layer, r2: t.row });
  }
  let crossings = 0;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const p = segments[i] as (typeof segments)[number];
      const q = segments[j] as (typeof segments)[number];
      // Compare both segments where their horizontal spans overlap.
      const from = Math.max(p.l1, q.l1);
      const to = Math.min(p.l2, q.l2);
      if (from >= to) continue;
      const at = (s: typeof p, x: number) => s.r1 + ((s.r2 - s.r1) * (x - s.l1)) / (s.l2 - s.l1);
      const d1 = at(p, from) - at(q, from);
      const d2 = at(p, to) - at(q, to);
      if (d1 * d2 < 0) crossings++;
    }
  }
  return crossings;
}

function neighbours(edges: readonly [string, string][], side: 0 | 1): Map<string, string[]> {
  // side 1: for each target, its sources (cards to the left); side 0: for each source, its targets.
  const map = new Map<string, string[]>();
  for (const edge of edges) {
    const key = edge[side];
    const other = edge[side === 1 ? 0 : 1];
    const list = map.get(key);
    if (list) list.push(other);
    else map.set(key, [other]);
  }
  return map;
}

function orderLayers(
  initial: string[][],
  edges: readonly [string, string][],
  before: Map<string, string[]>,
  after: Map<string, string[]>,
): string[][] {
  const links = edges.map(([from, to]) => ({ from, to }));
  const layers = initial.map((ids) => [...ids]);
  let best = layers.map((ids) => [...ids]);
  let bestCrossings = countCrossings(best, links);
  if (bestCrossings === 0) return best;

  // Columns are top-aligned, so a card's row is its height on the canvas.
  const row = new Map<string, number>();
  const index = () => {
    for (const ids of layers) {
      ids.forEach((id, r) => {
        row.set(id, r);
      });
    }
  };

  const reorder = (ids: string[], towards: Map<string, string[]>) => {
    const keyed = ids.map((id, r) => {
      const others = towards.get(id) ?? [];
      // A card with no link on that side keeps its row.
      const key = others.length ? others.reduce((sum, o) => sum + (row.get(o) ?? 0), 0) / others.length : r;
      return { id, key, r };
    });
    keyed.sort((a, b) => a.key - b.key || a.r - b.r);
    return keyed.map((k) => k.id);
  };

  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let l = 1; l < layers.length; l++) {
      index();
      layers[l] = reorder(layers[l] as string[], before);
    }
    for (let l = layers.length - 2; l >= 0; l--) {
      index();
      layers[l] = reorder(layers[l] as string[], after);
    }
    const crossings = countCrossings(layers, links);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((ids) => [...ids]);
      if (crossings === 0) break;
    }
  }
  return best;
}
