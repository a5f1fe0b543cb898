// `npm run token -- create --name <you> [--workspace <name>]`, `npm run token -- list`,
// `npm run token -- revoke <id or prefix>`: API tokens for the configured database.
import { parseArgs } from "node:util";
import { issueToken, listTokens, revokeToken } from "../auth/accounts.js";
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { runCli } from "./run-cli.js";

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, workspace: { type: "string" } },
  });
  const [command, target] = positionals;
  if (!command || !["create", "list", "revoke"].includes(command))
    throw new ConfigError("Usage: npm run token -- create --name <you> [--workspace <name>] | list | revoke <id or prefix>");
  const { db } = await openDatabase(loadConfig().database);
  try {
    if (command === "create") {
      if (!values.name) throw new ConfigError("create needs --name <you>");
      const issued = await issueToken(db, { name: values.name, workspace: values.workspace }).catch((error: Error) => {
        throw new ConfigError(error.message);
      });
      console.log(
        `Token for ${values.name} in workspace "${issued.workspace}" (id ${issued.id}). Shown once — keep it:\n${issued.token}`,
      );
      console.log("Restart the server if it runs: with a token issued, every request must present one.");
    } else if (command === "list") {
      const tokens = await listTokens(db);
      if (tokens.length === 0)
        console.log(
          "No tokens yet: the server runs as the single local workspace. Create one with npm run token -- create --name <you>.",
        );
      for (const t of tokens)
        console.log(
          `${t.id}  ${t.prefix}…  ${t.workspace.name} / ${t.name}  created ${t.createdAt.toISOString()}  ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? "never"}`}`,
        );
    } else {
      if (!target) throw new ConfigError("revoke needs the token's id or prefix (see npm run token -- list)");
      console.log((await revokeToken(db, target)) ? `Revoked ${target}.` : `No active token matches ${target}.`);
    }
  } finally {
    await db.$disconnect();
  }
});
process.exit(); // the migration engine leaves a timer behind
