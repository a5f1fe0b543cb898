// The strategy graph as a Mermaid flowchart: `graph TB`, one subgraph per phase, one node per post,
// one arrow per link. Node ids are generated (p1, p2, …), never taken from user data, and every
// label is escaped so that quotes, brackets, `#`, `;`, pipes and newlines in titles or phase names
// cannot end a label early or start a new statement.

export interface MermaidInput {
  phases: { number: number; name: string; posts: { id: string; title: string; platform: string }[] }[];
  links: { fromId: string; toId: string }[];
}

// Mermaid entity codes (#name; / #code;), applied in one pass so `#` is never escaped twice.
const ENTITIES: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "'": "#39;",
  "[": "#91;",
  "]": "#93;",
  "(": "#40;",
  ")": "#41;",
  "{": "#123;",
  "}": "#125;",
  "<": "#lt;",
  ">": "#gt;",
  "|": "#124;",
  ";": "#59;",
  "`": "#96;",
  "&": "#amp;",
};

/** One-line label text safe inside `"…"` in a Mermaid flowchart. */
export function escapeMermaidLabel(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .trim()
    .replace(/[#"'[\](){}<>|;`&]/g, (c) => ENTITIES[c] ?? c);
}

export function renderMermaid({ phases, links }: MermaidInput): string {
  const nodeIds = new Map<string, string>();
  const lines = ["graph TB"];
  for (const phase of phases) {
    lines.push(`  subgraph phase_${phase.number}["${escapeMermaidLabel(`Phase ${phase.number}: ${phase.name}`)}"]`);
    for (const post of phase.posts) {
      const node = `p${nodeIds.size + 1}`;
      nodeIds.set(post.id, node);
      lines.push(`    ${node}["${escapeMermaidLabel(post.title)}<br/>${escapeMermaidLabel(post.platform)}"]`);
    }
    lines.push("  end");
  }
  for (const link of links) {
    const from = nodeIds.get(link.fromId);
    const to = nodeIds.get(link.toId);
    if (from && to) lines.push(`  ${from} --> ${to}`);
  }
  return lines.join("\n");
}
