/**
 * Keeps docs/model-language.md in step with the model schema: every key the schema knows is
 * documented (with whether it is required) and shown in an example, and every documented key exists.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { modelSchema } from './model-schema.ts';

/** A key of the model language: its path (`transactionKinds.*.name`) and whether it is required. */
interface KeyEntry {
  readonly path: string;
  readonly required: boolean;
}

type JsonSchemaNode = {
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly allOf?: readonly JsonSchemaNode[];
};

/**
 * Lists the keys of a JSON Schema: properties (`a.b`), records (`a.*`), list items (`a[]`) and
 * the alternatives of a union. A key in several alternatives is required only if every one of
 * them requires it.
 */
function keysOf(node: JsonSchemaNode, at: string, into: Map<string, boolean>): void {
  for (const variant of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    keysOf(variant, at, into);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = at === '' ? key : `${at}.${key}`;
    const required = (node.required ?? []).includes(key);
    into.set(path, (into.get(path) ?? true) && required);
    keysOf(child, path, into);
  }
  if (typeof node.additionalProperties === 'object')
    keysOf(node.additionalProperties, `${at}.*`, into);
  if (node.items !== undefined) keysOf(node.items, `${at}[]`, into);
}

/** Every key of the model schema, walked from its JSON Schema (functions and JSON are leaves). */
function schemaKeys(): readonly KeyEntry[] {
  const json = z.toJSONSchema(modelSchema, { unrepresentable: 'any', io: 'input' });
  const keys = new Map<string, boolean>();
  keysOf(json as JsonSchemaNode, '', keys);
  return [...keys].map(([path, required]) => ({ path, required }));
}

const docPath = fileURLToPath(new URL('../../docs/model-language.md', import.meta.url));
const doc = readFileSync(docPath, 'utf8');

/** The keys the reference documents: table rows that open with a key's path and `yes` or `no`. */
function documentedKeys(): readonly KeyEntry[] {
  const rows = doc.matchAll(/^\|\s*`([^`]+)`\s*\|\s*(yes|no)\s*\|/gm);
  return [...rows].map(([, path = '', required]) => ({ path, required: required === 'yes' }));
}

/** The code blocks of the reference, with their language. */
function codeBlocks(): readonly { readonly lang: string; readonly text: string }[] {
  return [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, lang = '', text = '']) => ({
    lang,
    text,
  }));
}

describe('docs/model-language.md', () => {
  const inSchema = schemaKeys();
  const inDoc = documentedKeys();

  it('finds the keys of the schema (the walk itself works)', () => {
    const paths = inSchema.map((k) => k.path);
    expect(paths).toContain('transactionKinds.*.productPayload');
    expect(paths).toContain('processModel.waitLinks[].waitsFor.fact');
    expect(inSchema.find((k) => k.path === 'actorRoles.*.name')?.required).toBe(true);
    expect(inSchema.find((k) => k.path === 'actorRoles.*.kind')?.required).toBe(false);
    expect(inDoc.length).toBeGreaterThan(50);
  });

  it('documents every key of the schema', () => {
    const documented = new Set(inDoc.map((k) => k.path));
    const missing = inSchema.filter((k) => !documented.has(k.path)).map((k) => k.path);
    expect(missing, 'keys of src/model/model-schema.ts missing from the reference').toEqual([]);
  });

  it('documents no key the schema does not have, and none twice', () => {
    const known = new Set(inSchema.map((k) => k.path));
    expect(inDoc.filter((k) => !known.has(k.path)).map((k) => k.path)).toEqual([]);
    const seen = new Set<string>();
    expect(inDoc.filter((k) => seen.size === seen.add(k.path).size).map((k) => k.path)).toEqual([]);
  });

  it('says of each key whether it is required, as the schema does', () => {
    const required = new Map(inSchema.map((k) => [k.path, k.required]));
    const wrong = inDoc
      .filter((k) => required.has(k.path) && required.get(k.path) !== k.required)
      .map((k) => `${k.path}: documented ${k.required ? 'yes' : 'no'}`);
    expect(wrong).toEqual([]);
  });

  it('shows every key in an example', () => {
    const examples = codeBlocks()
      .map((b) => b.text)
      .join('\n');
    const unshown = inDoc
      .map((k) => k.path.replace(/\[\]$/, '').split('.').pop() ?? '')
      .filter((name) => name !== '*' && !new RegExp(`\\b${name}\\??\\s*:`).test(examples));
    expect(unshown).toEqual([]);
  });

  it('has YAML examples that parse', () => {
    for (const block of codeBlocks().filter((b) => b.lang === 'yaml'))
      expect(() => parse(block.text) as unknown, block.text.slice(0, 80)).not.toThrow();
  });
});
