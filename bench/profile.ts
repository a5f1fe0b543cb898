// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package and the heaviest functions.
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** "graphql", "@pothos/core", "src/schema", "node:internal", "wasm", "(garbage collector)", … */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("wasm://")) return "wasm";
  if (url.startsWith("node:")) return url.split("/")[0] ?? url;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const [a, b] = url.slice(modules + "/node_modules/".length).split("/");
    return a?.startsWith("@") ? `${a}/${b}` : (a ?? url);
  }
  const src = /\/(src|bench|tests)\/(.*)$/.exec(url);
  if (src)
    return `${src[1]}/${src[2]
      ?.split("/")
      .slice(0, src[2]?.startsWith("generated/") ? 2 : 1)
      .join("/")}`;
  return url;
}

/** Coarse layers, to say where a request's CPU goes. */
const LAYERS: [string, RegExp][] = [
  ["Prisma client (query plan, data mapping)", /^@prisma\/client$|^src\/generated/],
  [
    "database driver (pg / PGlite adapter)",
    /^(pg|pg-protocol|pg-pool|pg-types|@prisma\/adapter-pg|pglite-prisma-adapter|@electric-sql\/pglite)$/,
  ],
  ["PGlite (wasm)", /^wasm$/],
  ["GraphQL execution (graphql, graphql-tools, graphql-jit)", /^(graphql|graphql-jit|@graphql-tools\/.*)$/],
  ["Pothos", /^@pothos\//],
  [
    "server framework (Yoga, whatwg-node, envelop, Apollo, Fastify, Mercurius)",
    /^(graphql-yoga|@graphql-yoga\/.*|@whatwg-node\/.*|@envelop\/.*|@escape\.tech\/.*|@apollo\/.*|fastify|mercurius|find-my-way|light-my-request|avvio|fast-json-stringify|secure-json-parse|body-parser|raw-body|express)$/,
  ],
  ["app code (src/, bench/)", /^(src|bench)\//],
  ["garbage collector", /^\(garbage collector\)$/],
  ["Node (http, streams, timers, natives)", /^(node:|\(native\)|\(program\))/],
];
const layerOf = (pkg: string) => LAYERS.find(([, re]) => re.test(pkg))?.[0] ?? "other packages";

/** `requests`: how many requests (or event deliveries) the profiled run served, to give CPU time per request. */
export async function summariseProfile(path: string, requests: number, top = 25) {
  const profile = JSON.parse(await readFile(path, "utf8")) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  // Self time per node: the time deltas of the samples that landed in it.
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // Idle time, and the profiler's own stop (node:inspector), are not the server's work.
  const ignored = (n: ProfileNode) => n.callFrame.functionName === "(idle)" || n.callFrame.url === "node:inspector";
  const idle = profile.nodes.filter(ignored).reduce((sum, n) => sum + (self.get(n.id) ?? 0), 0);
  const busy = total - idle;
  const byPackage = new Map<string, number>();
  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us || ignored(node)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    byLayer.set(layerOf(pkg), (byLayer.get(layerOf(pkg)) ?? 0) + us);
    const file = url.split("/").slice(-2).join("/");
    const key = `${functionName || "(anonymous)"} ${pkg} ${file}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const pct = (us: number) => +((100 * us) / busy).toFixed(1);
  const perRequest = (us: number) => +(us / 1000 / requests).toFixed(3);
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    requests,
    cpuMsPerRequest: perRequest(busy),
    byLayer: sorted(byLayer).map(([layer, us]) => ({ layer, "self % of busy": pct(us), "CPU ms per request": perRequest(us) })),
    byPackage: sorted(byPackage)
      .slice(0, top)
      .map(([name, us]) => ({ package: name, "self % of busy": pct(us) })),
    topFunctions: sorted(byFunction)
      .slice(0, top)
      .map(([name, us]) => ({ function: name, "self % of busy": pct(us) })),
  };
}
