import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { docsDiagrams, docsDiagramsDir } from '../../../scripts/docs-diagrams.ts';

describe('the diagrams in the docs', () => {
  it('are the ones the code draws now (npm run docs:diagrams redraws them)', async () => {
    for (const [file, svg] of await docsDiagrams())
      expect(
        await readFile(new URL(file, docsDiagramsDir), 'utf8'),
        `docs/diagrams/${file} is not what the code draws now: run npm run docs:diagrams`,
      ).toBe(svg);
  });
});
