// A campaign brief as a person writes it, checked before any model is asked.

export const BRIEF_LIMITS = {
  name: 120,
  productDescription: 4000,
  gtmGoals: 2000,
  minPhases: 1,
  maxPhases: 6,
  defaultPhases: 3,
} as const;

export interface Brief {
  name: string;
  productDescription: string;
  gtmGoals: string;
  phaseCount: number;
}

export interface BriefInput {
  name: string;
  productDescription: string;
  gtmGoals: string;
  phaseCount?: number | null;
}

export type BriefCheck = { ok: true; brief: Brief } | { ok: false; field: keyof Brief; rule: string };

/** The brief with its text trimmed and defaults applied, or the first field that breaks a rule. */
export function checkBrief(input: BriefInput): BriefCheck {
  const text = { name: input.name.trim(), productDescription: input.productDescription.trim(), gtmGoals: input.gtmGoals.trim() };
  for (const field of ["name", "productDescription", "gtmGoals"] as const) {
    const max = BRIEF_LIMITS[field];
    if (text[field].length < 1 || text[field].length > max)
      return { ok: false, field, rule: `must be 1–${max} characters after trimming (has ${text[field].length})` };
  }
  const phaseCount = input.phaseCount ?? BRIEF_LIMITS.defaultPhases;
  if (!Number.isInteger(phaseCount) || phaseCount < BRIEF_LIMITS.minPhases || phaseCount > BRIEF_LIMITS.maxPhases)
    return {
      ok: false,
      field: "phaseCount",
      rule: `must be between ${BRIEF_LIMITS.minPhases} and ${BRIEF_LIMITS.maxPhases} (got ${phaseCount})`,
    };
  return { ok: true, brief: { ...text, phaseCount } };
}

/** The brief's text: what the copy and follow-up writers are given (the phase count is the planner's). */
export type BriefText = Pick<Brief, "name" | "productDescription" | "gtmGoals">;

/** The brief's text as a campaign row (or any brief) holds it. */
export function briefTextOf(campaign: BriefText): BriefText {
  return { name: campaign.name, productDescription: campaign.productDescription, gtmGoals: campaign.gtmGoals };
}

/** The brief a campaign was created from, read back from its row. */
export function briefOf(campaign: Brief): Brief {
  return { ...briefTextOf(campaign), phaseCount: campaign.phaseCount };
}
