import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Server, type ServerOptions } from './server';

export { expect };

interface WorkerFixtures {
  /** Per spec file: test.use({ serverOptions: { demo: false } }) starts it with --no-demo. */
  serverOptions: ServerOptions;
  /** Internal: the servers of this worker, one per spec file and options. */
  serverPool: Map<string, Server>;
}

interface TestFixtures {
  /** The spec file's own commhubd (started on first use, stopped after the file). */
  server: Server;
  /** A page with the app open and loaded (token taken from the URL). */
  app: Page;
  /** Errors thrown in the page; the fixture fails the test if any are left unexpected. */
  pageErrors: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  serverOptions: [{ demo: true }, { option: true, scope: 'worker' }],

  serverPool: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = new Map<string, Server>();
      await use(pool);
      await Promise.all([...pool.values()].map((s) => s.stop()));
    },
    { scope: 'worker' },
  ],

  server: async ({ serverPool, serverOptions }, use, testInfo) => {
    const key = `${testInfo.file}\n${JSON.stringify(serverOptions)}`;
    // Spec files run one after another in a worker: stop the previous file's server.
    for (const [k, s] of serverPool) {
      if (k !== key) {
        await s.stop();
        serverPool.delete(k);
      }
    }
    let s = serverPool.get(key);
    if (!s) {
      s = await Server.start(serverOptions);
      serverPool.set(key, s);
    }
    await use(s);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('commhubd output', { body: s.output(), contentType: 'text/plain' });
    }
  },

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },

  app: async ({ page, server, pageErrors }, use) => {
    void pageErrors;
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'CommHub', level: 1 })).toBeVisible();
    await use(page);
  },
});

const shotsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/**
 * Saves a screenshot as e2e/screenshots/<name>.png (git-ignored; look at them). The whole
 * page unless a dialog or drawer is open: those are fixed to the viewport, and a full-page
 * picture would show their overlay cut off where the viewport ends.
 */
export async function shot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  // Let Mantine's transitions (drawer, modal, notifications) settle before the picture.
  await page.waitForTimeout(400);
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: !dialogOpen });
}
