import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Where Debian's chromium package puts the browser. Tests never download one: the package is a
 * prerequisite (the README's, and .ci/run installs it), and PORTALCHAT_CHROMIUM may point elsewhere.
 */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const fromEnv = process.env['PORTALCHAT_CHROMIUM'];
  if (fromEnv) return fromEnv;
  const found = CHROMIUM_PATHS.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`no chromium found at ${CHROMIUM_PATHS.join(' or ')}: install the chromium package`);
  }
  return found;
}

/**
 * A headless Chromium for browser specs. `--no-sandbox` because CI runs as root, where Chromium's
 * sandbox refuses to start; the pages it opens are our own, served on loopback.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}
