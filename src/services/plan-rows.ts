import { randomUUID } from "node:crypto";
import type { StrategyPlan } from "../domain/plan.js";
import { planLinks } from "../domain/plan.js";
import type { Prisma } from "../generated/prisma/client.js";

/** A validated plan as the new rows of one strategy version: phases, posts (with fresh ids) and links. */
export function planRows(plan: StrategyPlan, campaignId: string, version: number) {
  const ids = new Map(plan.phases.flatMap((phase) => phase.posts.map((post) => [post.key, randomUUID()] as const)));
  const idOf = (key: string) => ids.get(key) as string; // every key is known: validatePlan checked it
  const phases: Prisma.StrategyPhaseCreateManyInput[] = plan.phases.map((phase) => ({
    campaignId,
    number: phase.number,
    name: phase.name.trim(),
    createdInVersion: version,
  }));
  const posts: Prisma.PostCreateManyInput[] = plan.phases.flatMap((phase) =>
    phase.posts.map((post, position) => ({
      id: idOf(post.key),
      campaignId,
      phase: phase.number,
      position,
      title: post.title.trim(),
      description: post.description.trim(),
      platform: post.platform,
      version,
    })),
  );
  const pairs = new Map<string, { fromId: string; toId: string }>();
  for (const link of planLinks(plan)) pairs.set(`${link.from}>${link.to}`, { fromId: idOf(link.from), toId: idOf(link.to) });
  // Links from kept posts name them by id already.
  for (const link of plan.keptLinks ?? []) pairs.set(`${link.from}>${link.to}`, { fromId: link.from, toId: idOf(link.to) });
  const links: Prisma.PostLinkCreateManyInput[] = [...pairs.values()].map((link) => ({
    ...link,
    campaignId,
    createdInVersion: version,
  }));
  return { phases, posts, links };
}
