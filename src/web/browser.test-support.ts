/**
 * What the browser tests share: Debian's Chromium through playwright-core (skipped with a reason
 * when absent, fatal when `FACTUM_REQUIRE_BROWSER=1`), a real server per model over a temporary
 * SQLite file, one browser context per actor, screenshots under the test output folder, and an
 * axe-core check of every screen (no serious or critical violations).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { serve, type RunningServer } from '../app/serve.ts';
import { loadModel } from '../model/load-model.ts';
import type { Model } from '../model/model.ts';

const chromiumPath = '/usr/bin/chromium';
/** Whether Chromium is installed here. */
export const haveChromium = existsSync(chromiumPath);
/** CI sets FACTUM_REQUIRE_BROWSER=1: there the tests run (and fail without Chromium), never skip. */
export const browserRequired = process.env['FACTUM_REQUIRE_BROWSER'] === '1';
/** Whether the browser tests run. */
export const runBrowserTests = haveChromium || browserRequired;
if (!runBrowserTests) console.log(`skipped: the browser tests need Chromium at ${chromiumPath}`);

/** Where screenshots go: `FACTUM_TEST_OUTPUT`, else `test-output/` in the repository. */
export const outputDir =
  process.env['FACTUM_TEST_OUTPUT'] ??
  fileURLToPath(new URL('../../test-output/', import.meta.url));

/** A `describe` whose tests run only where the browser tests run (see `runBrowserTests`). */
export const describeInBrowser = describe.skipIf(!runBrowserTests);

/**
 * The browser session of a test file, its screenshots under `folder`: launched before the file's
 * tests when they run, closed after them.
 */
export function browserSession(folder: string): BrowserSession {
  const session = new BrowserSession(folder);
  beforeAll(async () => {
    if (runBrowserTests) await session.launch();
  });
  afterAll(() => session.close());
  return session;
}

/** A browser session for one test file: launch, servers, contexts, and their cleanup. */
export class BrowserSession {
  #browser: Browser | undefined;
  readonly #cleanups: (() => Promise<void>)[] = [];
  readonly #axe: Promise<string>;
  #signInChecked = false;

  constructor(readonly folder: string) {
    const require = createRequire(import.meta.url);
    this.#axe = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  }

  /** Launches Chromium (impure). */
  async launch(): Promise<void> {
    this.#browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(join(outputDir, this.folder), { recursive: true });
  }

  /** Closes every context and server, then the browser (impure). */
  async close(): Promise<void> {
    for (const cleanup of this.#cleanups.reverse()) await cleanup();
    await this.#browser?.close();
  }

  /**
   * Serves a model on a fresh SQLite file with its demo data (impure); its action rules act unless
   * `rules` is false.
   */
  async start(
    model: Model,
    { rules = true }: { readonly rules?: boolean } = {},
  ): Promise<RunningServer> {
    const dir = await mkdtemp(join(tmpdir(), 'factum-web-'));
    const server = await serve({
      model,
      storeUrl: `sqlite:${join(dir, 'factum.db')}`,
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      authMode: 'demo',
      logLevel: 'warn',
      demoData: true,
      rules,
    });
    this.#cleanups.push(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    return server;
  }

  /** Loads a model file (a URL, like `new URL('x.yaml', import.meta.url)`) and serves it as `start` does (impure). */
  async startFile(file: URL, options: { readonly rules?: boolean } = {}): Promise<RunningServer> {
    const loaded = await loadModel(fileURLToPath(file));
    if (!loaded.ok) throw new Error(`${fileURLToPath(file)} does not load`);
    return this.start(loaded.value, options);
  }

  /** A fresh browser context signed in as a demo actor of a role (by the role's name) (impure). */
  async signedIn(url: string, actor: string, roleName: string): Promise<Page> {
    if (this.#browser === undefined) throw new Error('no browser');
    const context = await this.#browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    this.#cleanups.push(async () => {
      await context.close();
      expect(failures).toEqual([]);
    });
    await page.goto(url);
    const signIn = page.getByRole('button', { name: `Sign in as ${actor} (${roleName})` });
    await signIn.waitFor();
    if (!this.#signInChecked) {
      // The sign-in screen is the first a newcomer sees: checked once per file.
      this.#signInChecked = true;
      await this.screen(page, 'sign-in');
    }
    await signIn.click();
    await expect
      .poll(() => text(page, '.actor'), { timeout: 10_000 })
      .toContain(capitalised(actor));
    await expect.poll(() => text(page, '.live'), { timeout: 10_000 }).toContain('Live');
    return page;
  }

  /** Takes a screenshot into the output folder, then checks the screen with axe-core (impure). */
  async screen(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(outputDir, this.folder, `${name}.png`), fullPage: true });
    await this.accessible(page, name);
  }

  /** Runs axe-core on the page: no serious or critical violation (impure). */
  async accessible(page: Page, name: string): Promise<void> {
    const source = await this.#axe;
    // evaluate runs outside the page's Content-Security-Policy, which forbids inline scripts.
    await page.evaluate(source);
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run(): Promise<{
              violations: {
                id: string;
                impact: string | null;
                help: string;
                nodes: { target: unknown[] }[];
              }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes
              .map((n) => JSON.stringify(n.target))
              .slice(0, 3)
              .join(', ')})`,
        );
    });
    expect(violations, `accessibility of ${name}`).toEqual([]);
  }
}

function capitalised(actor: string): string {
  return actor.charAt(0).toUpperCase() + actor.slice(1);
}

/** The text of the first element matching `selector` now, or null when there is none yet. */
export function text(page: Page, selector: string): Promise<string | null> {
  return page
    .locator(selector)
    .first()
    .textContent({ timeout: 500 })
    .catch(() => null);
}

/** Waits until the first element matching `selector` reads `expected` (the page updates by itself). */
export async function until(page: Page, selector: string, expected: string): Promise<void> {
  await expect.poll(() => text(page, selector), { timeout: 10_000 }).toBe(expected);
}

/** Clicks an act button (by its exact name) within a scope and waits for it to go. */
export async function act(page: Page, scope: string, name: string): Promise<void> {
  const button = page.locator(scope).getByRole('button', { name, exact: true });
  await button.first().waitFor({ timeout: 10_000 });
  await button.first().click();
  await button.first().waitFor({ state: 'detached', timeout: 10_000 });
}

/** Clicks an act that asks for a justification, gives it, and confirms. */
export async function actWithReason(
  page: Page,
  scope: string,
  name: string,
  reason: string,
): Promise<void> {
  const area = page.locator(scope);
  await area.getByRole('button', { name, exact: true }).first().click();
  await area.getByLabel('Why? (shown to the other party)').fill(reason);
  await area.getByRole('button', { name: `Confirm: ${name.toLowerCase()}` }).click();
  await area
    .getByRole('button', { name: `Confirm: ${name.toLowerCase()}` })
    .waitFor({ state: 'detached', timeout: 10_000 });
}

/** Follows a link of the main navigation. */
export async function nav(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name, exact: true })
    .click();
}

/** A transaction's node in the tree of a transaction's page. */
export function treeNode(id: string): string {
  return `.tree [data-transaction="${id}"]`;
}

/** A transaction's row in an agenda or a list. */
export function transactionRow(id: string): string {
  return `tr[data-transaction="${id}"]`;
}

/**
 * Requests a new transaction of a kind (by its name) from its form in the main navigation: `fill`
 * fills the form, then the request is sent and its page shown; returns its id.
 */
export async function request(
  page: Page,
  kind: string,
  fill: () => Promise<void> = async () => {},
): Promise<string> {
  await nav(page, `New ${kind}`);
  await fill();
  await page.getByRole('button', { name: `Request ${kind}` }).click();
  await page.waitForURL(/#\/tx\//);
  return shownId(page);
}

/** The id of the transaction whose page a browser shows (`#/tx/<id>`), or '' on another screen. */
export function shownId(page: Page): string {
  return decodeURIComponent(page.url().split('#/tx/')[1]?.split('?')[0] ?? '');
}
