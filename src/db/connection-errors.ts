import type { ClientBase } from "pg";

/**
 * pg-pool's `onConnect` hook for every pool of the service: each connection it opens listens for
 * its own 'error' for as long as it lives, and `onLost` hears of it once.
 *
 * pg-pool listens only while a connection is idle, and its holder (an interactive transaction of
 * @prisma/adapter-pg, a transaction of pg-boss) only from a moment after the pool handed it over.
 * A connection that PostgreSQL ends in between (cut right after it opened, or in the same packet as
 * its last answer: a restart, a failover, pg_terminate_backend or a pooler's timeout while the pools
 * reconnect) emits 'error' with nobody listening, and Node ends the process for it. Nothing else is
 * needed: the holder's next query fails ("not queryable", so its request with INTERNAL_SERVER_ERROR),
 * and pg-pool drops a connection that errored instead of taking it back.
 */
export function listenForLostConnections(onLost: (error: Error) => void = () => {}) {
  return (client: ClientBase) => {
    let lost = false;
    client.on("error", (error) => {
      // pg may report one loss twice: the server's message, then the socket closing.
      if (!lost) onLost(error);
      lost = true;
    });
  };
}
