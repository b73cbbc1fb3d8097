/**
 * Loads a model from a file: YAML or JSON (read with the `yaml` package, keeping positions so that
 * problems carry line and column) or a TypeScript/JavaScript module (its default export or `model`).
 * Never throws for a missing or malformed file: every problem comes back in the result.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { err, type Result } from '../core/index.ts';
import { importModule } from './import-module.ts';
import type { Model } from './model.ts';
import type { ModelProblem } from './model-problem.ts';
import { validateModel, type ModelPath, type SourcePosition } from './validate-model.ts';

/** The path of a problem with the file itself rather than a part of the model. */
export const filePath = '(file)';

const documentExtensions = ['.yaml', '.yml', '.json'];
const moduleExtensions = ['.ts', '.mts', '.js', '.mjs'];

/** Maps whose keys are ids: a repeated key there is a duplicate id. */
const idMaps = ['actorRoles', 'transactionKinds', 'factModel.entityTypes'];

function fileProblem(message: string, position?: SourcePosition): ModelProblem {
  return position === undefined
    ? { path: filePath, message }
    : { path: filePath, message, ...position };
}

function byLine(problems: ModelProblem[]): ModelProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) => (a.problem.line ?? Infinity) - (b.problem.line ?? Infinity) || a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** Repeated keys of every map in the document, as problems at the repeated key. */
function duplicateKeys(
  doc: Document,
  position: (offset: number) => SourcePosition,
): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const walk = (node: unknown, path: ModelPath): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const at = [...path, key];
        if (seen.has(key)) {
          const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
          const idMap = idMaps.includes(path.join('.'));
          problems.push({
            path: at.join('.'),
            message: idMap ? `duplicate id '${key}'` : `duplicate key '${key}'`,
            ...(offset === undefined ? {} : position(offset)),
          });
        }
        seen.add(key);
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  walk(doc.contents, []);
  return problems;
}

/**
 * Where a position within an expression is in the source text: the expression's line is found in
 * the scalar's source (plain, quoted or block), so the column is exact unless the line holds escapes;
 * then the scalar's start is used (pure).
 */
function offsetInSource(text: string, node: unknown, offset: number): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.range == null) return undefined;
  const [start, end] = node.range;
  const value = node.value;
  const lines = value.split('\n');
  let cursor = start;
  let lineStart = 0;
  for (const line of lines) {
    const found = line === '' ? cursor : text.indexOf(line, cursor);
    if (found === -1 || found > end) break;
    if (offset <= lineStart + line.length) return found + (offset - lineStart);
    cursor = found + line.length;
    lineStart += line.length + 1;
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return Math.min(start + (quoted ? 1 : 0) + offset, end);
}

/**
 * Parses and validates a model written as YAML or JSON text, with line and column on each problem
 * (pure).
 */
export function parseModelSource(text: string): Result<Model, ModelProblem[]> {
  const lineCounter = new LineCounter();
  // `merge`: YAML's `<<: *anchor` merge keys, so a model can reuse a schema and override a field;
  // without it `<<` would pass as an unknown JSON Schema keyword and the merged keys be lost.
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
    merge: true,
  });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((error) =>
        fileProblem(
          `syntax error: ${error.message.split('\n')[0] ?? error.message}`,
          position(error.pos[0]),
        ),
      ),
    );
  }
  if (doc.contents === null) return err([fileProblem('the model file is empty')]);
  const locate = (path: ModelPath, offset?: number): SourcePosition | undefined => {
    if (offset !== undefined) {
      const at = offsetInSource(text, doc.getIn(path, true), offset);
      if (at !== undefined) return position(at);
    }
    // A missing field is reported where its nearest existing parent is.
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const offset = (node as { range?: readonly number[] } | null | undefined)?.range?.[0];
      if (offset !== undefined) return position(offset);
    }
    return undefined;
  };
  const duplicates = duplicateKeys(doc, position);
  const result = validateModel(doc.toJS({ maxAliasCount: 1000 }), { locate });
  const problems = [...duplicates, ...(result.ok ? [] : result.error)];
  return problems.length === 0 ? result : err(byLine(problems));
}

async function importModel(absolute: string): Promise<Result<Model, ModelProblem[]>> {
  let exports: Record<string, unknown>;
  try {
    exports = await importModule(absolute);
  } catch (error) {
    return err([
      fileProblem(
        `cannot load the model module: ${error instanceof Error ? error.message : String(error)}`,
      ),
    ]);
  }
  const model = exports.default ?? exports.model;
  if (model === undefined) {
    return err([
      fileProblem("the module exports no model: export it as the default export or as 'model'"),
    ]);
  }
  return validateModel(model);
}

/**
 * Loads and validates a model file: `.yaml`, `.yml`, `.json`, or a `.ts`/`.mts`/`.js`/`.mjs` module
 * exporting the model (tsx runs TypeScript). Resolves to the model or to every problem found; a missing
 * file or a syntax error is a problem at path `(file)`.
 *
 * @example
 * const result = await loadModel('examples/minimal/model.yaml');
 * if (!result.ok) console.error(formatModelProblems(result.error));
 */
export async function loadModel(path: string): Promise<Result<Model, ModelProblem[]>> {
  const extension = extname(path).toLowerCase();
  const absolute = resolve(path);
  if (!documentExtensions.includes(extension) && !moduleExtensions.includes(extension)) {
    return err([
      fileProblem(
        `unsupported model file '${path}': expected ${[...documentExtensions, ...moduleExtensions].join(', ')}`,
      ),
    ]);
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    return err([fileProblem(`cannot read model file '${path}': ${reason}`)]);
  }
  return moduleExtensions.includes(extension) ? importModel(absolute) : parseModelSource(text);
}
