import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { LlmConfig } from "../config.js";
import { type MediaRequest, OFFLINE_MODEL_NAME } from "./context.js";
import { svgCard } from "./offline/svg-card.js";
import { imagePrompt } from "./prompts.js";

/**
 * The image model used with a real endpoint unless IMAGE_MODEL names another. gpt-image-1 was shut down on 2026-10-23 (openai SDK
 * docs); flare is the fast one of the current pair, which is what a card per variant needs.
 */
export const DEFAULT_IMAGE_MODEL = "gpt-image-2.5-flare";

export type { MediaRequest } from "./context.js";

export interface MadeMedia {
  bytes: Buffer;
  contentType: "image/svg+xml" | "image/png";
  extension: "svg" | "png";
}

export interface MediaMaker {
  /** What a person is told made the image: the image model's name, or "offline". */
  readonly name: string;
  /**
   * One image for one variant. Rejects with MediaUnavailableError when the image model fails, and
   * with the signal's reason when the caller aborts.
   */
  make(request: MediaRequest, signal?: AbortSignal): Promise<MadeMedia>;
}

/** The image model failed or answered without a usable image. The message never holds credentials. */
export class MediaUnavailableError extends Error {}

/** SVG cards offline; the images API of the configured OpenAI-compatible endpoint otherwise. */
export function createMediaMaker(config: LlmConfig): MediaMaker {
  if (config.kind === "offline")
    return {
      name: OFFLINE_MODEL_NAME,
      async make(request, signal) {
        signal?.throwIfAborted();
        return { bytes: Buffer.from(svgCard(request)), contentType: "image/svg+xml", extension: "svg" };
      },
    };
  const client = new OpenAI({
    apiKey: config.apiKey,
    // Set explicitly so that no environment variable redirects or re-attributes the client.
    baseURL: config.baseURL ?? "https://api.openai.com/v1",
    organization: null,
    project: null,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
  const model = config.imageModel ?? DEFAULT_IMAGE_MODEL;
  return {
    name: model,
    async make(request, signal) {
      let response: OpenAI.ImagesResponse;
      try {
        // GPT image models always answer in base64 and reject the legacy response_format.
        response = await client.images.generate(
          { model, prompt: imagePrompt(request), size: "1024x1024", output_format: "png", n: 1 },
          { signal },
        );
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw new MediaUnavailableError(failure(error, config.timeoutMs), { cause: error });
      }
      const bytes = Buffer.from(response.data?.[0]?.b64_json ?? "", "base64");
      if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE))
        throw new MediaUnavailableError("The image model answered without a PNG image.");
      return { bytes, contentType: "image/png", extension: "png" };
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What went wrong, from the status and error code only: a server's own message may quote a key. */
function failure(error: unknown, timeoutMs: number): string {
  if (error instanceof APIConnectionTimeoutError) return `The image model did not answer within ${timeoutMs} ms.`;
  if (error instanceof APIConnectionError) return "The image model could not be reached.";
  if (error instanceof APIError)
    return `The image model failed with HTTP ${error.status}${error.code ? ` (${error.code})` : ""}.`;
  return "The image model failed.";
}
