/**
 * Imports a JavaScript or TypeScript module by path. TypeScript runs as is where the runtime already
 * compiles it (tsx, Vitest); under plain Node, as from the installed package, tsx compiles it for
 * this one import, so a `.ts` file costs nothing until one is loaded.
 */
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

const typeScriptExtensions = new Set(['.ts', '.mts', '.cts']);

/** Imports the module at an absolute path and resolves to its exports (impure). */
export async function importModule(absolute: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolute).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const unknownExtension =
      (error as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION' &&
      typeScriptExtensions.has(extname(absolute).toLowerCase());
    if (!unknownExtension) throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}
