import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Debian Chromium (never a Playwright-downloaded browser: the machines are offline).
 * The flags keep it from phoning home, which would only slow the tests down or hang them.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
