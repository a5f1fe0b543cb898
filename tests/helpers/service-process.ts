import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

// The service as `npm start` runs it: one Node process with tsx as a loader, in this repository.

export interface ServiceProcess {
  child: ChildProcess;
  /** Where it listens, from its start-up line. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
}

/** Starts `src/bin/main.ts` with these environment variables added; resolves once it says where it listens. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/bin/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const end = Date.now() + 60_000;
  for (;;) {
    const match = output.match(/Phasewise on (http:\/\/\S+)/);
    if (match?.[1]) return { child, url: match[1], output: () => output };
    if (child.exitCode !== null || Date.now() > end) throw new Error(`the service did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends the signal and resolves with the exit code. */
export async function stopService(service: ServiceProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exit = once(service.child, "exit");
  service.child.kill(signal);
  const [code] = (await exit) as [number | null];
  return code;
}

/** The environment of a service whose model is the fake OpenAI server at `baseURL`, with no model budget. */
export const fakeModelEnv = (baseURL: string, dataDir: string): Record<string, string> => ({
  DATA_DIR: dataDir,
  PORT: "0",
  LOG_LEVEL: "warn",
  OPENAI_API_KEY: "test-key",
  OPENAI_BASE_URL: baseURL,
  LLM_MODEL: "fake-gpt",
  LLM_MAX_RETRIES: "0",
  RATE_LIMIT_MODEL_REQUESTS: "0",
});
