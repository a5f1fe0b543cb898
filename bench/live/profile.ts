// Summarises a V8 .cpuprofile taken in a fan-out server child: the share of the server's busy time
// (idle excluded) spent in each package, and the heaviest functions by self time.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** "graphql", "@prisma/client", "ws", "src/events", "node:internal", "wasm", "(garbage collector)", … */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("wasm://")) return "wasm (PGlite)";
  if (url.startsWith("node:")) return url.split("/")[0] ?? url;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const [a, b] = url.slice(modules + "/node_modules/".length).split("/");
    return a?.startsWith("@") ? `${a}/${b}` : (a ?? url);
  }
  const own = /\/(src|bench)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

export async function summariseProfile(path: string, top = 20) {
  const profile = JSON.parse(await readFile(path, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (!us || functionName === "(idle)" || url === "node:inspector") continue;
    busy += us;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const key = `${functionName || "(anonymous)"} (${pkg} ${url.split("/").at(-1)}:${lineNumber + 1})`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rows = (m: Map<string, number>, name: string) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ [name]: key, "self % of busy": +((100 * us) / busy).toFixed(1) }));
  return { busyMs: Math.round(busy / 1000), byPackage: rows(byPackage, "package"), topFunctions: rows(byFunction, "function") };
}
