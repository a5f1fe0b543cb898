import type { Node } from "@xyflow/svelte";
import { createContext } from "svelte";
import type { DiffMark, PostCard } from "../campaign/live-campaign.svelte.js";

/** A post on the canvas. */
export type PostNodeData = {
  post: PostCard;
  /** Diff mode: how the post compares between the two versions. */
  mark?: DiffMark | undefined;
  /** Diff mode: a post the newer version no longer has, drawn where it used to be. */
  ghost: boolean;
};
export type PostFlowNode = Node<PostNodeData, "post">;

/** The background and header of one phase's column. */
export type PhaseNodeData = { number: number; name: string; count: number };
export type PhaseFlowNode = Node<PhaseNodeData, "phase">;

export type CanvasNode = PostFlowNode | PhaseFlowNode;

/** Lets a card open its post (Enter on the card; clicks come through the flow's onnodeclick). */
export const [getSelectPost, setSelectPost] = createContext<(postId: string) => void>();

/** The posts picked on the canvas (shift-click or a card's checkbox), e.g. for a follow-up post. */
export interface Picks {
  /** False in read-only views: no checkboxes. */
  readonly enabled: boolean;
  has(postId: string): boolean;
  toggle(postId: string): void;
}
export const [getPicks, setPicks] = createContext<Picks>();
