import type { Client } from "@urql/svelte";
import type { CampaignPageEventsSubscription, CampaignPageQuery } from "../generated/graphql.js";
import { type ApiError, apiErrors } from "../lib/errors.js";
import { CampaignEventsSubscription, CampaignPageQuery as PageQuery } from "./documents.js";

export type CampaignView = NonNullable<CampaignPageQuery["campaign"]>;
export type StrategyView = CampaignView["strategy"];
export type PostCard = StrategyView["phases"][number]["posts"][number];
export type VersionRow = CampaignView["versions"][number];
export type TriggerFired = Extract<CampaignPageEventsSubscription["campaignEvents"], { __typename: "TriggerFiredEvent" }>;

/**
 * A campaign kept current by its event stream: loaded once, then every event (in commit order,
 * each once) triggers a re-read of what it changed. After a reconnect the stream resumes after the
 * last event seen, so nothing is missed and nothing is applied twice.
 */
export class LiveCampaign {
  data = $state.raw<CampaignView | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** A regeneration or restore sent from this page is running. */
  busy = $state(false);
  #last = 0;
  #subscription: { unsubscribe(): void } | undefined;
  #refresh: ReturnType<typeof setTimeout> | undefined;
  #announce = new Set<number>();
  #stopped = false;

  constructor(
    private readonly client: Client,
    readonly id: string,
    /** Called once per new version that arrived through the stream, with its row. */
    private readonly onVersion: (version: VersionRow) => void = () => {},
    /** Called once per trigger that fired (an event seen for the first time), as it arrives. */
    private readonly onTriggerFired: (event: TriggerFired) => void = () => {},
  ) {}

  async start() {
    await this.load();
    this.#subscribe();
  }

  /** After the connection came back: read the campaign again and resume after the last event seen. */
  resume() {
    if (this.#stopped) return;
    this.#subscribe();
    void this.load();
  }

  stop() {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    clearTimeout(this.#refresh);
  }

  async load() {
    const result = await this.client.query(PageQuery, { id: this.id }, { requestPolicy: "network-only" }).toPromise();
    if (this.#stopped) return;
    const [error] = apiErrors(result.error);
    if (error) {
      this.error = error;
      return;
    }
    const campaign = result.data?.campaign;
    if (!campaign) {
      this.error = { code: "NOT_FOUND", message: "There is no campaign with this id." };
      return;
    }
    this.error = null;
    this.data = campaign;
    this.#last = Math.max(this.#last, campaign.lastEventSequence);
    for (const number of this.#announce) {
      const row = campaign.versions.find((v) => v.number === number);
      if (row) {
        this.#announce.delete(number);
        this.onVersion(row);
      }
    }
  }

  #subscribe() {
    this.#subscription?.unsubscribe();
    this.#subscription = this.client
      .subscription(CampaignEventsSubscription, { id: this.id, after: this.#last })
      .subscribe((result) => {
        const event = result.data?.campaignEvents;
        if (!event || event.sequence <= this.#last) return;
        this.#last = event.sequence;
        if (event.__typename === "StrategyRegeneratedEvent") this.#announce.add(event.version);
        if (event.__typename === "TriggerFiredEvent") this.onTriggerFired(event);
        // Events come in bursts (a regeneration: one per new post): read once per burst.
        clearTimeout(this.#refresh);
        this.#refresh = setTimeout(() => void this.load(), 60);
      });
  }
}

/** How a post compares between two versions, in diff mode. */
export type DiffMark = "added" | "removed" | "kept";

/** What the canvas shows instead of the current strategy: an earlier version, or a diff of two. */
export interface VersionView {
  /** Shown above the canvas, e.g. "Version 1 (read-only)" or "Changes from version 1 to 2". */
  label: string;
  strategy: StrategyView;
  /** Diff mode: a mark per post id of `strategy` and of `ghosts`. */
  marks?: Record<string, DiffMark>;
  /** Diff mode: posts of the older version that the newer one no longer has, drawn in their phase. */
  ghosts?: PostCard[];
}
