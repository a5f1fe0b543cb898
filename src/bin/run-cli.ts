import { ConfigError } from "../config.js";
import { DatabaseNotReadyError } from "../db/client.js";
import { DatabaseInUseError } from "../db/data-dir-lock.js";

/** Runs a command-line entry: a known start-up problem prints its message alone, anything else in full. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(
      error instanceof ConfigError || error instanceof DatabaseInUseError || error instanceof DatabaseNotReadyError
        ? error.message
        : error,
    );
    process.exit(1);
  }
}
