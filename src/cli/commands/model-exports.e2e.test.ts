import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  expectInvalidInput,
  factum,
  factumOnShopModel,
  scratchDir,
} from '../cli-harness.test-support.ts';

/** The value at a path of a parsed document, or undefined. */
function at(document: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (here, key) =>
      typeof here === 'object' && here !== null
        ? (here as Record<string, unknown>)[key]
        : undefined,
    document,
  );
}

describe('factum model asyncapi and factum model bpmn', () => {
  it(
    'write the AsyncAPI document as YAML or JSON, on stdout or into a file',
    { timeout: 120_000 },
    async () => {
      const dir = await scratchDir();
      const jsonFile = join(dir, 'shop.asyncapi.json');
      const [yaml, json, prefixed, badFormat, unwritable, none] = await Promise.all([
        factumOnShopModel('asyncapi'),
        factumOnShopModel('asyncapi', '--format', 'json', '-o', jsonFile),
        factumOnShopModel('asyncapi', '--subject-prefix', 'acme'),
        factumOnShopModel('asyncapi', '--format', 'xml'),
        factumOnShopModel('asyncapi', '-o', join(dir, 'no/such/x.yaml')),
        factum(['model', 'asyncapi']),
      ]);
      expect(yaml).toMatchObject({ code: 0, stderr: '' });
      const document = parse(yaml.stdout) as unknown;
      expect(at(document, 'asyncapi')).toBe('3.0.0');
      expect(at(document, 'channels', 'TK01_promised', 'address')).toBe(
        'factum.shop.TK01.promised',
      );
      expect(json.code).toBe(0);
      expect(json.stderr).toContain(`wrote AsyncAPI document (json) to ${jsonFile}`);
      expect(JSON.parse(await readFile(jsonFile, 'utf8'))).toEqual(document);
      expect(at(parse(prefixed.stdout), 'channels', 'TK01_promised', 'address')).toBe(
        'acme.shop.TK01.promised',
      );
      expectInvalidInput(badFormat, 'Allowed choices are yaml, json');
      expectInvalidInput(unwritable, 'cannot write');
      expectInvalidInput(none, 'name a model file');
    },
  );

  it('writes the BPMN document that bpmn-moddle reads', { timeout: 120_000 }, async () => {
    const dir = await scratchDir();
    const file = join(dir, 'shop.bpmn');
    const [stdout, written] = await Promise.all([
      factumOnShopModel('bpmn'),
      factumOnShopModel('bpmn', '-o', file),
    ]);
    expect(stdout).toMatchObject({ code: 0, stderr: '' });
    expect(stdout.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<bpmn:definitions /);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`wrote BPMN document to ${file}`);
    const xml = await readFile(file, 'utf8');
    expect(xml).toBe(stdout.stdout);
    const { warnings, elementsById } = await new BpmnModdle().fromXML(xml);
    expect(warnings).toEqual([]);
    expect(elementsById['Participant_A01']?.$type).toBe('bpmn:Participant');
  });
});
