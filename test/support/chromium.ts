import { existsSync } from "node:fs";

/** Debian's Chromium, installed by .ci/run; never a browser downloaded by Playwright. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether it is installed here. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** How to launch it headless without it reaching for the (closed) network. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
