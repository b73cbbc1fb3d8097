import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectInvalidInput,
  factum,
  factumOnShopModel,
  scratchDir,
} from '../cli-harness.test-support.ts';

describe('factum model', () => {
  it('checks a model: a summary and exit 0, or every problem at its path and exit 2', async () => {
    const dir = await scratchDir();
    const broken = join(dir, 'broken.yaml');
    await writeFile(
      broken,
      [
        'name: broken',
        'actorRoles:',
        '  CA01: { name: client }',
        'transactionKinds:',
        '  TK01: { name: Delivery, product: "[delivery] is done", initiator: CA01, executor: A09, example: {} }',
        '',
      ].join('\n'),
    );
    const [shop, fromEnv, bad, none] = await Promise.all([
      factumOnShopModel('check'),
      factum(['model', 'check'], { FACTUM_MODEL: 'examples/minimal/model.yaml' }),
      factum(['model', 'check', broken]),
      factum(['model', 'check']),
    ]);
    expect(shop).toMatchObject({ code: 0, stderr: '' });
    expect(shop.stdout).toBe(
      'ok: shop: 3 actor roles, 3 transaction kinds, 2 response links, 2 wait links, 4 entity types, 8 action rules, 2 views, 1 ledger\n',
    );
    expect(fromEnv.stdout).toMatch(/^ok: minimal: /);
    expectInvalidInput(bad, 'transactionKinds.TK01.executor');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expectInvalidInput(none, 'name a model file, set FACTUM_MODEL, or name it as "model"');
  });

  it(
    'draws the diagrams as Mermaid on stdout or as SVG into a file',
    { timeout: 120_000 },
    async () => {
      const dir = await scratchDir();
      const svgFile = join(dir, 'shop.svg');
      const [mermaid, process, events, svg, badFormat, badView, unwritable] = await Promise.all([
        factumOnShopModel('diagram'),
        factumOnShopModel('diagram', '--view', 'process'),
        factumOnShopModel('diagram', '--view', 'event-model'),
        factumOnShopModel('diagram', '--format', 'svg', '-o', svgFile),
        factumOnShopModel('diagram', '--format', 'png'),
        factumOnShopModel('diagram', '--view', 'timeline'),
        factumOnShopModel('diagram', '-o', join(dir, 'no/such/dir.mmd')),
      ]);
      expect(mermaid.code).toBe(0);
      expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
      expect(mermaid.stdout).toContain('kind_TK01 ---|executor| role_A01');
      expect(process.stdout).toContain('step_TK01_promise ==>|"1"| step_TK02_request');
      expect(events.stdout).toContain('subgraph lane_A02["A02 shipper"]');
      expect(svg.code).toBe(0);
      expect(svg.stderr).toContain(`wrote cooperation diagram (svg) to ${svgFile}`);
      const drawn = await readFile(svgFile, 'utf8');
      expect(drawn).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      for (const id of ['CA01', 'A01', 'A02']) expect(drawn).toContain(`data-id="role:${id}"`);
      expectInvalidInput(badFormat, 'Allowed choices are mermaid, svg');
      expectInvalidInput(badView, 'Allowed choices are cooperation, process, event-model');
      expectInvalidInput(unwritable, 'cannot write');
    },
  );

  // Each case is a CLI process of its own (tsx, the model, ELK): a busy machine needs time.
  it(
    'draws each view of a five-kind model as SVG a page wide, on stdout',
    { timeout: 120_000 },
    async () => {
      const five = 'src/model/diagram/five-kinds.test-support.ts';
      const [cooperation, process, events, tooNarrow] = await Promise.all([
        factum(['model', 'diagram', five, '--view', 'cooperation', '--format', 'svg']),
        factum(['model', 'diagram', five, '--view', 'process', '--format', 'svg']),
        factum([
          'model',
          'diagram',
          five,
          '--view',
          'event-model',
          '--format',
          'svg',
          '--width',
          '800',
        ]),
        factum(['model', 'diagram', five, '--view', 'event-model', '--width', '20']),
      ]);
      const widthOf = (svg: string): number => Number(/<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);
      for (const { code, stdout } of [cooperation, process]) {
        expect(code).toBe(0);
        expect(widthOf(stdout)).toBeGreaterThan(300);
        expect(widthOf(stdout)).toBeLessThanOrEqual(1400);
      }
      expect(process?.stdout).toContain('>0..1</text>');
      expect(events?.code).toBe(0);
      expect(widthOf(events?.stdout ?? '')).toBeGreaterThan(300);
      expect(widthOf(events?.stdout ?? '')).toBeLessThanOrEqual(800);
      expectInvalidInput(tooNarrow, 'a whole number of pixels from 600 to 4000');
    },
  );
});

describe('factum, everywhere', () => {
  it('exits 0 for --help and 2 for usage errors', async () => {
    const [help, unknown, missingModel, badLevel] = await Promise.all([
      factum(['views', 'status', '--help']),
      factum(['frobnicate']),
      factum(['views', 'status', '--store', 'memory:']),
      factum(['export', '--store', 'memory:', '--log-level', 'loud']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-lag <events>');
    expect(unknown.code).toBe(2);
    expectInvalidInput(missingModel, 'no model: pass --model <path>, set FACTUM_MODEL');
    expect(badLevel.code).toBe(2);
  });

  it('exits 3 with one plain line when the store is unavailable, and 2 for an unknown store URL', async () => {
    const dir = await scratchDir();
    const [missing, directory, unknownUrl, fromEnv] = await Promise.all([
      factum(['export', '--store', `sqlite:${join(dir, 'missing.db')}`]),
      factum(['inspect', 'x', '--store', `sqlite:${dir}`]),
      factum(['export', '--store', 'mongodb://localhost/x']),
      factum(['export'], { DATABASE_URL: `sqlite:${join(dir, 'from-env.db')}` }),
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(
      `factum: store unavailable: there is no SQLite file '${join(dir, 'missing.db')}'.\n`,
    );
    expect(directory.code).toBe(3);
    expect(directory.stderr).toMatch(/^factum: store unavailable: .+\n$/);
    expectInvalidInput(unknownUrl, "Unknown store URL 'mongodb://localhost/x'");
    expect(fromEnv.code).toBe(3);
    expect(fromEnv.stderr).toContain('from-env.db');
  });
});
