import type { WebSocket } from "ws";

export interface UnreadWindow {
  /** Bytes sent that the client may leave unread; further messages wait until it reads. */
  maxUnreadBytes: number;
  /** A client that reads nothing for this long while messages wait for it is closed with 1013. */
  stallTimeoutMs: number;
}

/** The close code for "try again later" (RFC 6455 registry), with what to do about it. */
const FELL_BEHIND = { code: 1013, reason: "Reading too slowly; reconnect and resume with afterSequence" } as const;

type Send = (data: unknown, ...rest: unknown[]) => void;

/**
 * Backpressure for one WebSocket, on what the client has read: the bytes the server has sent to
 * it minus the bytes the client has confirmed reading. Past `maxUnreadBytes` a message waits (and
 * its sender with it: graphql-ws sends an operation's next result only once the last one is
 * written), until the client reads. A client that reads nothing for `stallTimeoutMs` while
 * messages wait is closed with 1013; the close frame comes after what it has yet to read, so a
 * client that resumes reads at most the window and then learns why. It is cut off if it still has
 * not read by `stallTimeoutMs` later.
 *
 * Why not `socket.bufferedAmount`: it counts only what is still in this process. The kernel's send
 * and receive buffers take several MB first (on loopback or any fast link), so a client that has
 * stopped reading looks up to date while megabytes wait for it. Why pings: a ping is queued behind
 * every message sent before it, and the client answers it only once it has read that far, so the
 * byte count carried by a ping comes back in its pong once the client has read those bytes. No
 * library measures this for `ws`; its own advice is `bufferedAmount`, which misses the kernel.
 *
 * `send` is wrapped on the socket itself because graphql-ws sends through it and offers no hook
 * that can hold a message (its `onNext` sees results before they are serialised).
 *
 * One closure of ~70 lines on purpose: the pong listener, the wrapped `send` and the stall timer
 * share the window's counters (sent, read, pinged) and its waiting messages.
 */
export function watchUnread(socket: WebSocket, { maxUnreadBytes, stallTimeoutMs }: UnreadWindow) {
  let sent = 0;
  let read = 0;
  let pinged = 0;
  // A ping per quarter window, so a reading client confirms well before the window is used up.
  const pingEvery = Math.max(1, Math.floor(maxUnreadBytes / 4));
  const waiting: (() => void)[] = [];
  let stallTimer: NodeJS.Timeout | undefined;
  // Closing (for falling behind, or by anyone) or closed: nothing more is sent.
  const closing = () => socket.readyState !== socket.OPEN;

  const ping = () => {
    pinged = sent;
    socket.ping(String(sent));
  };
  const release = () => {
    clearTimeout(stallTimer);
    stallTimer = undefined;
    for (const resend of waiting.splice(0)) resend();
  };
  const stalled = () => {
    socket.close(FELL_BEHIND.code, FELL_BEHIND.reason);
    // The waiting senders carry on (they stop once they see the socket closing); nothing more is sent.
    release();
    stallTimer = setTimeout(() => socket.terminate(), stallTimeoutMs);
    stallTimer.unref();
  };

  socket.on("pong", (data: Buffer) => {
    const offset = Number(data.toString());
    // The keep-alive's pings carry nothing (0); a pong can only confirm what was sent.
    if (!Number.isSafeInteger(offset) || offset <= read || offset > sent) return;
    read = offset;
    if (closing() || waiting.length === 0) return;
    if (sent - read <= maxUnreadBytes) release();
    else {
      // Reading, if slowly: the stall is counted from now.
      clearTimeout(stallTimer);
      stallTimer = setTimeout(stalled, stallTimeoutMs);
    }
  });
  socket.once("close", release);

  const send = socket.send.bind(socket) as Send;
  const windowed: Send = (data, ...rest) => {
    if (closing()) {
      // Dropped, and reported as done: the sender stops once it sees the socket closing.
      const done = rest.at(-1);
      if (typeof done === "function") done();
      return;
    }
    // Checked before the message, so one message larger than the window still goes to a client
    // that has read everything; behind a waiting message, every later one waits too (in order).
    if (waiting.length > 0 || sent - read > maxUnreadBytes) {
      waiting.push(() => windowed(data, ...rest));
      if (pinged < sent) ping(); // so the client can confirm everything it reads
      stallTimer ??= setTimeout(stalled, stallTimeoutMs);
      return;
    }
    sent += typeof data === "string" ? Buffer.byteLength(data) : ((data as { byteLength?: number }).byteLength ?? 0);
    send(data, ...rest);
    if (sent - pinged >= pingEvery) ping();
  };
  socket.send = windowed as WebSocket["send"];
}
