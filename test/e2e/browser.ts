import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium driven by playwright-core (it downloads no browser): the one way the browser
// tests start it, headless, as root, with no network of its own.
export const chromiumPath = (): string =>
  execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).trim();

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
