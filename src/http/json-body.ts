/**
 * The JSON body parser: strict UTF-8 (invalid bytes are refused, not replaced), prototype-poisoning
 * keys refused (Fastify's secure parser) and a bound on nesting, so a hostile body is a 400 before
 * any handler, validator or projection recurses into it.
 */
import type { FastifyInstance } from 'fastify';
import { problem, HttpProblem } from './problem.ts';

/** How deeply arrays and objects may nest in a body. */
export const maxJsonDepth = 32;

/** The deepest nesting of arrays and objects in a JSON text, counted without recursion (pure). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return max;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function malformed(detail: string): HttpProblem {
  return new HttpProblem({ problem: problem(400, 'MalformedJson', detail) });
}

/** Replaces the JSON parser of a Fastify instance with the strict one. */
export function useStrictJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        done(malformed('The body is not valid UTF-8.'), undefined);
        return;
      }
      if (jsonDepth(text) > maxJsonDepth) {
        done(malformed(`The body nests deeper than ${maxJsonDepth} levels.`), undefined);
        return;
      }
      void parse(request, text, (error, value) => {
        if (error !== null) {
          const code = (error as { code?: string }).code;
          done(
            code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? malformed('The JSON body is empty.')
              : malformed('The body is not valid JSON.'),
            undefined,
          );
          return;
        }
        done(null, value);
      });
    },
  );
}
