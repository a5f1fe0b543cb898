import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type AIMessage, HumanMessage } from "@langchain/core/messages";
import { expect } from "vitest";
import { createChatModel } from "../../src/ai/models.js";
import { OfflineChatModel } from "../../src/ai/offline/offline-model.js";
import { openForFile } from "./per-file.js";

// An OpenAI-compatible HTTP server on 127.0.0.1 for tests, scripted per test: each request to
// POST /v1/chat/completions or POST /v1/images/generations takes the next reply. The real
// @langchain/openai client and the openai SDK talk to it.

export type FakeReply =
  /** A tool call answering the request's tool_choice; a string is sent as the raw (maybe broken) arguments. */
  | { tool: unknown }
  /** An image from the images API, sent as base64 (`b64_json`). */
  | { image: Buffer }
  /** An HTTP error. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** The same, after a delay. */
  | { delayMs: number; reply: FakeReply };

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null }[];
  tools?: { function: { name: string } }[];
  tool_choice?: { type: string; function: { name: string } };
}

export interface ImageRequest {
  model: string;
  prompt: string;
  size?: string;
  n?: number;
  output_format?: string;
  response_format?: string;
}

export interface FakeOpenAIOptions {
  /**
   * With nothing scripted, answer every chat request as the offline model would (and every image
   * request with a small PNG) after `delayMs(tool)` — a whole working model endpoint, slow where a
   * test needs it. Without this, an unscripted request gets a 500.
   */
  offline?: {
    delayMs?: (tool: string) => number;
    /** What to send instead of the offline model's tool call (`args`): a loose answer, an HTTP error. */
    answer?: (tool: string, args: Record<string, unknown>) => FakeReply;
  };
}

export async function startFakeOpenAI({ offline }: FakeOpenAIOptions = {}) {
  const queue: FakeReply[] = [];
  const requests: ChatRequest[] = [];
  const imageRequests: ImageRequest[] = [];
  const server = createServer(async (req, res) => {
    const body: unknown = JSON.parse(await readBody(req));
    if (req.url?.endsWith("/images/generations")) imageRequests.push(body as ImageRequest);
    else requests.push(body as ChatRequest);
    let reply =
      queue.shift() ??
      (offline ? await offlineReply(body, offline) : { status: 500, body: { error: { message: "the test scripted no reply" } } });
    while ("delayMs" in reply) {
      const { delayMs } = reply;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed || !res.socket || res.socket.destroyed) return; // the client gave up
      reply = reply.reply;
    }
    if ("status" in reply) {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      return res.end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}`, type: "server_error" } }));
    }
    if ("image" in reply) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({ created: Math.floor(Date.now() / 1000), data: [{ b64_json: reply.image.toString("base64") }] }),
      );
    }
    const chat = body as ChatRequest;
    const name = chat.tool_choice?.function.name ?? chat.tools?.[0]?.function.name ?? "unknown";
    const args = typeof reply.tool === "string" ? reply.tool : JSON.stringify(reply.tool);
    const toolCall = { id: `call_${requests.length}`, type: "function", function: { name, arguments: args } };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: chat.model,
        choices: [
          { index: 0, message: { role: "assistant", content: null, tool_calls: [toolCall] }, finish_reason: "tool_calls" },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 200, total_tokens: 300 },
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    /** The base URL to give the client (OPENAI_BASE_URL). */
    baseURL: `http://127.0.0.1:${port}/v1`,
    /** Requests to the chat completions API. */
    requests,
    /** Requests to the images API. */
    imageRequests,
    /** Replaces the queue of replies and forgets earlier requests. */
    script(...replies: FakeReply[]) {
      queue.length = 0;
      requests.length = 0;
      imageRequests.length = 0;
      queue.push(...replies);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeOpenAI = Awaited<ReturnType<typeof startFakeOpenAI>>;

/** The test file's fake server: started before its tests, closed after them. */
export const useFakeOpenAI = (options: FakeOpenAIOptions = {}): FakeOpenAI =>
  openForFile(
    () => startFakeOpenAI(options),
    (fake) => fake.close(),
  );

/** The text of the user message of the first chat request `fake` received, after expecting that request to force `tool`. */
export function firstUserText(fake: Pick<FakeOpenAI, "requests">, tool: string): string {
  const [request] = fake.requests;
  expect(request?.tool_choice?.function.name).toBe(tool);
  return request?.messages.find((m) => m.role === "user")?.content ?? "";
}

/** A 1×1 PNG. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

/** What the offline model answers to this request (its tool call's arguments, or `answer`'s), after the delay. */
async function offlineReply(
  body: unknown,
  { delayMs = () => 0, answer = (_tool, args) => ({ tool: args }) }: NonNullable<FakeOpenAIOptions["offline"]>,
): Promise<FakeReply> {
  const chat = body as ChatRequest;
  if (!chat.messages) return { delayMs: delayMs("image"), reply: { image: PIXEL } };
  const name = chat.tool_choice?.function.name ?? chat.tools?.[0]?.function.name ?? "unknown";
  const request = chat.messages.find((m) => m.role === "user")?.content ?? "";
  const result = await new OfflineChatModel({})._generate([new HumanMessage(request)], {
    tool_choice: { type: "function", function: { name } },
  } as OfflineChatModel["ParsedCallOptions"]);
  const args = (result.generations[0]?.message as AIMessage | undefined)?.tool_calls?.[0]?.args ?? {};
  return { delayMs: delayMs(name), reply: answer(name, args) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

export interface FakeModelOptions {
  timeoutMs?: number;
  maxRetries?: number;
  deadlineMs?: number;
}

/** The model config for the fake server at `baseURL` (no retries unless asked). */
export const fakeModelConfig = (baseURL: string, options: FakeModelOptions = {}) =>
  ({
    kind: "openai",
    apiKey: "test-key",
    baseURL,
    model: "fake-gpt",
    timeoutMs: options.timeoutMs ?? 5_000,
    maxRetries: options.maxRetries ?? 0,
    deadlineMs: options.deadlineMs ?? 30_000,
  }) as const;

/** The real ChatOpenAI client, pointed at the fake server. */
export const fakeChatModel = (fake: Pick<FakeOpenAI, "baseURL">, options: FakeModelOptions = {}) =>
  createChatModel(fakeModelConfig(fake.baseURL, options));
