import type { PublishingChannel } from "./channel.js";

/** The built-in channel: records each publication in the database and sends nothing anywhere. */
export const localChannel: PublishingChannel = {
  name: "local",
  async publish(tx, variants) {
    await tx.publication.createMany({ data: variants.map((v) => ({ ...v, channel: "local" })) });
  },
};
