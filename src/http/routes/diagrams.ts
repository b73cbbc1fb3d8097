/**
 * The model's diagrams, laid out once on the server and served to the dashboard and anyone else:
 * `GET /api/model/diagrams/{view}` answers DEMO's Organization Construction Diagram (`cooperation`),
 * the Process Structure Diagram (`process`) or the event model (`event-model`) as SVG, or as the
 * laid-out diagram in JSON when asked for `application/json`. `?width=` wraps the event model to a
 * screen's width. Public, like the model itself; cached per process (the model does not change).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Model } from '../../model/model.ts';
import {
  diagramSvg,
  diagramViews,
  isDiagramView,
  layoutDiagram,
  type DiagramLayout,
  type DiagramView,
} from '../../model/diagram/index.ts';
import { fail } from '../problem.ts';
import { type OpenApiPaths, answer, operation, problemResponse } from '../openapi-parts.ts';

/** The widths the event model may be wrapped to, in px; a requested width is rounded down to 100. */
export const diagramWidths = { min: 600, max: 4000, default: 1400 } as const;

interface Drawn {
  readonly layout: DiagramLayout;
  readonly svg: string;
  readonly etag: string;
}

/** Draws a model's diagrams on demand and keeps them: one per view and width (at most 35 widths). */
function diagramCache(model: Model): (view: DiagramView, width: number) => Promise<Drawn> {
  const drawn = new Map<string, Promise<Drawn>>();
  return (view, width) => {
    const key = `${view}@${width}`;
    let entry = drawn.get(key);
    if (entry === undefined) {
      entry = layoutDiagram(model, view, { maxWidth: width }).then((layout) => {
        const svg = diagramSvg(layout, { idPrefix: `${view}-` });
        const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 22)}"`;
        return { layout, svg, etag };
      });
      drawn.set(key, entry);
    }
    return entry;
  };
}

/** Registers `GET /api/model/diagrams/{view}`. */
export function registerDiagramRoutes(app: FastifyInstance, model: Model): void {
  const draw = diagramCache(model);
  app.get<{ Params: { view: string }; Querystring: { width?: string } }>(
    '/api/model/diagrams/:view',
    async (request, reply) => {
      const { view } = request.params;
      if (!isDiagramView(view))
        fail(
          404,
          'UnknownDiagram',
          `There is no diagram '${view}': draw ${diagramViews.join(', ')}.`,
          {
            view,
            views: [...diagramViews],
          },
        );
      const asked = request.query.width;
      let width: number = diagramWidths.default;
      if (asked !== undefined) {
        const n = Number(asked);
        if (!Number.isInteger(n) || n < diagramWidths.min || n > diagramWidths.max)
          fail(
            400,
            'MalformedQuery',
            `width must be a whole number of pixels from ${diagramWidths.min} to ${diagramWidths.max}, not '${asked}'.`,
          );
        width = Math.floor(n / 100) * 100;
      }
      // Only the event model wraps; the other views are drawn once.
      const drawn = await draw(view, view === 'event-model' ? width : diagramWidths.default);
      const json = (request.headers.accept ?? '').includes('application/json');
      const etag = json ? drawn.etag.replace(/"$/, '-json"') : drawn.etag;
      void reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'accept');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (json) return drawn.layout;
      void reply.type('image/svg+xml; charset=utf-8');
      return drawn.svg;
    },
  );
}

/** The OpenAPI path of the model diagrams (pure). */
export function diagramPaths(): OpenApiPaths {
  return {
    '/api/model/diagrams/{view}': {
      get: operation(
        'queries',
        "A diagram of the model, laid out: DEMO's Organization Construction Diagram (cooperation), Process Structure Diagram (process) or the event model (event-model)",
        {
          description:
            'SVG by default; the laid-out diagram (nodes, edges and labels with their boxes) as JSON with `Accept: application/json`. `width` wraps the event model into rows no wider than that.',
          parameters: [
            {
              name: 'view',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: ['cooperation', 'process', 'event-model'] },
            },
            {
              name: 'width',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 600, maximum: 4000, default: 1400 },
            },
          ],
          responses: {
            '200': answer('The diagram', {
              'image/svg+xml': { type: 'string' },
              'application/json': { type: 'object' },
            }),
            '400': problemResponse('The width is not a whole number from 600 to 4000'),
            '404': problemResponse('No such view'),
          },
        },
      ),
    },
  };
}
