import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, headless, with nothing reaching out to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches the system chromium (installed by .ci/run from Debian's packages). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Builds a front end when a test run starts without `npm run build` (npm test builds first). */
export function ensureBuilt(dist: string, workspace: string): void {
  if (fs.existsSync(path.join(dist, 'index.html'))) return;
  execFileSync('npm', ['run', 'build', '-w', workspace], { stdio: 'inherit' });
}
