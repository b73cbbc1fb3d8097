/**
 * The model page's diagrams in a real browser (Debian's Chromium via playwright-core) against a real
 * server: the three diagrams the server draws, shown inline, measured with the browser's own fonts
 * (no label wider than its box, no two boxes overlapping), zoomed and panned, checked with axe-core.
 * Screenshots go to the test output folder (`test-output/diagrams/`).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { shopModel } from '../../examples/shop/model.ts';
import type { Model } from '../model/model.ts';
import { browserSession, describeInBrowser, nav } from './browser.test-support.ts';

const session = browserSession('diagrams');

/** Serves a model (or a model file) and opens its model page, signed in, once the diagrams are drawn. */
async function modelPage(model: Model | URL, actor: string, roleName: string): Promise<Page> {
  const server = await (model instanceof URL ? session.startFile(model) : session.start(model));
  const page = await session.signedIn(server.url, actor, roleName);
  await nav(page, 'Model');
  for (const view of ['cooperation', 'process', 'event-model'])
    await page.locator(`[data-diagram="${view}"] svg`).waitFor({ timeout: 15_000 });
  return page;
}

/**
 * What the browser, with its real fonts, finds wrong in the drawn diagrams: a text sticking out of
 * its box, two boxes overlapping. Browser code, kept as text: the server's TypeScript has no DOM.
 */
const measure = `(() => {
  const found = [];
  for (const svg of document.querySelectorAll('.diagram-panel svg')) {
    const boxes = [];
    for (const node of svg.querySelectorAll('g.node')) {
      const id = node.dataset.id;
      const kind = node.getAttribute('class');
      // A node's box: its shape, or the unseen bounds of a symbol with its text (a kind, a step).
      const shape = node.querySelector('rect.bounds') ?? node.querySelector('rect, circle');
      if (shape === null) continue;
      const container = /\\b(boundary|transaction-frame|lane)\\b/.test(kind);
      const box = shape.getBBox();
      boxes.push({ id, box, container });
      for (const text of node.querySelectorAll('text')) {
        const t = text.getBBox();
        if (t.x < box.x - 1 || t.y < box.y - 1 || t.x + t.width > box.x + box.width + 1 || t.y + t.height > box.y + box.height + 1)
          found.push("'" + text.textContent + "' sticks out of " + id);
      }
    }
    const solid = boxes.filter((b) => !b.container);
    solid.forEach((a, i) => {
      for (const b of solid.slice(i + 1)) {
        const apart = a.box.x + a.box.width <= b.box.x + 0.5 || b.box.x + b.box.width <= a.box.x + 0.5 ||
          a.box.y + a.box.height <= b.box.y + 0.5 || b.box.y + b.box.height <= a.box.y + 0.5;
        if (!apart) found.push(a.id + ' overlaps ' + b.id);
      }
    });
  }
  return found;
})()`;

function problemsInBrowser(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(measure);
}

/** The trigger drawn above a command of the event model, read in the browser. */
function triggerOf(page: Page, command: string): Promise<string | null> {
  return page.evaluate<string | null>(`(() => {
    const svg = document.querySelector('[data-diagram="event-model"] svg');
    const node = Array.from(svg.querySelectorAll('g.node.command')).find((g) => g.textContent === ${JSON.stringify(command)});
    const index = node === undefined ? '' : node.dataset.id.split(':')[1];
    const trigger = svg.querySelector('[data-id="trigger:' + index + '"]');
    return trigger === null ? null : Array.from(trigger.querySelectorAll('text')).map((t) => t.textContent).join(' ');
  })()`);
}

describeInBrowser('the model page in Chromium', () => {
  it(
    "shows the shop's three diagrams, every label whole in the browser's own fonts",
    { timeout: 90_000 },
    async () => {
      const page = await modelPage(shopModel, 'fran', 'order completer');
      for (const id of [
        'role:CA01',
        'role:A01',
        'role:A02',
        'kind:TK01',
        'kind:TK02',
        'kind:TK03',
        'boundary',
      ])
        expect(await page.locator(`[data-diagram="cooperation"] [data-id="${id}"]`).count()).toBe(
          1,
        );
      expect(await page.locator('[data-diagram="process"] g.edge.wait').count()).toBe(2);
      expect(await page.locator('[data-diagram="process"] g.edge.response').count()).toBe(2);
      const events = page.locator('[data-diagram="event-model"]');
      expect(await events.locator('g.node.command').count()).toBe(15);
      // execute Order sits under complete-order's automation, not request-payment's.
      const executeOrder = await triggerOf(page, 'execute Order');
      expect(executeOrder).toBe('⚙ automation complete-order');
      expect(await problemsInBrowser(page)).toEqual([]);
      // The event model is wrapped to the page: no horizontal scrolling at 100%.
      const overflow = await page.evaluate<number>(
        `(() => { const v = document.querySelector('[data-diagram="event-model"] .diagram-viewport'); return v.scrollWidth - v.clientWidth; })()`,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await session.screen(page, 'model-page-shop');

      // Zoom and pan: + doubles the drawing's size step by step, Fit brings it back.
      const panel = page.locator('[data-diagram="process"]');
      const width = (): Promise<number> =>
        page.evaluate<number>(
          `document.querySelector('[data-diagram="process"] svg').getBoundingClientRect().width`,
        );
      const before = await width();
      await panel.getByRole('button', { name: 'Zoom in' }).click();
      await panel.getByRole('button', { name: 'Zoom in' }).click();
      await expect.poll(width).toBeGreaterThan(before * 1.4);
      await panel.locator('.diagram-viewport').focus();
      await page.keyboard.press('-');
      await expect.poll(width).toBeLessThan(before * 1.4);
      await panel.getByRole('button', { name: 'Fit' }).click();
      await expect.poll(width).toBeCloseTo(before, 0);
    },
  );

  it("shows the minimal model's diagrams whole", { timeout: 60_000 }, async () => {
    const page = await modelPage(
      new URL('../../examples/minimal/model.yaml', import.meta.url),
      'sue',
      'supplier',
    );
    expect(await page.locator('[data-diagram="cooperation"] [data-id="role:A02"]').count()).toBe(1);
    expect(await problemsInBrowser(page)).toEqual([]);
    await session.screen(page, 'model-page-minimal');
  });
});
