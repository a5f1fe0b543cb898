import { type Browser, chromium } from "playwright-core";
import { openForFile } from "./per-file.js";

/** Debian's Chromium, headless, with its background connections off (the network is closed). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Chromium for the test file: launched before its tests, closed after them. */
export const useChromium = (): Browser => openForFile(launchChromium, (browser) => browser.close());
