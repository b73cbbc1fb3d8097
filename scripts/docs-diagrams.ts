/**
 * Draws the examples' diagrams into `docs/diagrams/` (`npm run docs:diagrams`): the same drawings
 * as `factum model diagram … --format svg` and the dashboard's model page. A test keeps the files in
 * step with the code.
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { shopModel } from '../examples/shop/model.ts';
import { diagramViews, drawDiagram } from '../src/model/diagram/index.ts';
import { loadModel } from '../src/model/load-model.ts';
import type { Model } from '../src/model/model.ts';

/** Where the docs' diagrams live. */
export const docsDiagramsDir = new URL('../docs/diagrams/', import.meta.url);

/** Every diagram the docs show, by file name, drawn now. */
export async function docsDiagrams(): Promise<Map<string, string>> {
  const minimal = await loadModel(
    new URL('../examples/minimal/model.yaml', import.meta.url).pathname,
  );
  if (!minimal.ok) throw new Error('examples/minimal/model.yaml does not load');
  const models: [string, Model][] = [
    ['shop', shopModel],
    ['minimal', minimal.value],
  ];
  const files = new Map<string, string>();
  for (const [name, model] of models)
    for (const view of diagramViews)
      files.set(
        `${name}-${view}.svg`,
        `<?xml version="1.0" encoding="UTF-8"?>\n${await drawDiagram(model, view)}`,
      );
  return files;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, svg] of await docsDiagrams()) {
    await writeFile(new URL(file, docsDiagramsDir), svg);
    process.stdout.write(`wrote docs/diagrams/${file}\n`);
  }
}
