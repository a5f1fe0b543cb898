import WebSocket from "ws";

export interface UnreadWindow {
  /** Bytes sent to a client and not yet read by it, at most; more wait until it reads. */
  maxUnreadBytes: number;
  /** A client with messages waiting that reads nothing for this long is closed. */
  stallTimeoutMs: number;
}

/** 1013 Try Again Later: graphql-ws clients reconnect after it (after 1008 or a 44xx they would not). */
export const NOT_READING_CLOSE_CODE = 1013;
export const NOT_READING_REASON = "Client is not reading its messages";

type Data = Parameters<WebSocket["send"]>[0];
type SendOptions = Exclude<Parameters<WebSocket["send"]>[1], undefined>;
type SendCallback = (error?: Error) => void;
interface Waiting {
  data: Data;
  options: SendOptions;
  callback: SendCallback | undefined;
}

/**
 * The server's WebSocket class (ws' `WebSocket` option): a client never has more than
 * `maxUnreadBytes` sent to it and not yet read, wherever those bytes wait. `bufferedAmount`
 * counts only what Node has not handed to the kernel, and the kernel's buffers hold megabytes on
 * loopback, so a client that stopped reading looked as if it had nothing waiting.
 *
 * What a client has read is learnt from WebSocket pings: every quarter of the window, the server
 * pings with the number of bytes sent so far as the payload. A client answers a ping (every
 * WebSocket client does, browsers without any code) only once it has read all that came before
 * it, so the pong's payload is how far it has read. At the window, messages wait: graphql-ws awaits
 * each send, so each subscription of the socket holds one message, and upstream nothing piles up
 * (a subscription's live events are counted in campaign-stream.ts). A client with messages
 * waiting that reads nothing for `stallTimeoutMs` is closed with 1013; its waiting messages fail,
 * which ends their subscriptions at once.
 */
export function unreadWindowWebSocket({ maxUnreadBytes, stallTimeoutMs }: UnreadWindow): typeof WebSocket {
  const probeEvery = Math.max(1, Math.floor(maxUnreadBytes / 4));
  return class UnreadWindowWebSocket extends WebSocket {
    #sent = 0;
    #read = 0;
    /** Offsets pinged and not answered yet, ascending. */
    #probes: number[] = [];
    #waiting: Waiting[] = [];
    #stall: NodeJS.Timeout | undefined;

    // ws' server constructs it as new WebSocket(null, undefined, options); any of ws' signatures.
    constructor(...args: unknown[]) {
      super(...(args as ConstructorParameters<typeof WebSocket>));
      this.on("pong", (payload: Buffer) => this.#answered(Number(payload.toString())));
      this.once("close", () => this.#failWaiting(new Error("The socket closed before this message was sent")));
    }

    override send(data: Data, optionsOrCallback?: SendOptions | SendCallback, callback?: SendCallback) {
      const message =
        typeof optionsOrCallback === "function"
          ? { data, options: {}, callback: optionsOrCallback }
          : { data, options: optionsOrCallback ?? {}, callback };
      // Not open: ws answers the callback with its own error.
      if (this.readyState !== WebSocket.OPEN || (this.#waiting.length === 0 && this.#sent - this.#read < maxUnreadBytes)) {
        this.#transmit(message);
        return;
      }
      this.#waiting.push(message);
      this.#probe();
      this.#stall ??= setTimeout(() => this.#drop(), stallTimeoutMs);
    }

    #transmit({ data, options, callback }: Waiting) {
      super.send(data, options, callback);
      this.#sent += Buffer.byteLength(data as string | NodeJS.ArrayBufferView);
      if (this.#sent - (this.#probes.at(-1) ?? this.#read) >= probeEvery) this.#probe();
    }

    /** Asks the client to confirm it has read everything sent so far. */
    #probe() {
      if (this.readyState !== WebSocket.OPEN || (this.#probes.at(-1) ?? this.#read) === this.#sent) return;
      this.#probes.push(this.#sent);
      this.ping(String(this.#sent));
    }

    #answered(offset: number) {
      // The keepalive's pings carry no offset, and a pong nobody asked for proves nothing.
      if (!this.#probes.includes(offset)) return;
      this.#read = offset;
      this.#probes = this.#probes.filter((probe) => probe > offset);
      clearTimeout(this.#stall);
      this.#stall = undefined;
      while (this.#waiting.length > 0 && this.#sent - this.#read < maxUnreadBytes) {
        this.#transmit(this.#waiting.shift() as Waiting);
      }
      if (this.#waiting.length > 0) {
        this.#probe();
        this.#stall = setTimeout(() => this.#drop(), stallTimeoutMs);
      }
    }

    /**
     * A close frame, not a cut connection: the client reads it after what it had not read (at most
     * the window), and knows why. Until it answers, ws waits for it (30 s), holding only that.
     */
    #drop() {
      this.close(NOT_READING_CLOSE_CODE, NOT_READING_REASON);
      this.#failWaiting(new Error(NOT_READING_REASON));
    }

    #failWaiting(error: Error) {
      clearTimeout(this.#stall);
      this.#stall = undefined;
      for (const { callback } of this.#waiting.splice(0)) callback?.(error);
    }
  };
}
