/**
 * The model's exports, served for download from the dashboard and for anyone else:
 * `GET /api/model/asyncapi` answers the AsyncAPI 3.0 document of the events Factum publishes (YAML,
 * or JSON when asked for `application/json`), `GET /api/model/bpmn` the Process Model as BPMN 2.0
 * XML. Both come as attachments, so a browser saves them. Public, like the model itself; built once
 * per process (the model does not change).
 */
import type { FastifyInstance } from 'fastify';
import { asyncApiDocument, asyncApiText } from '../../integrations/asyncapi/asyncapi-document.ts';
import { bpmnDocument } from '../../integrations/bpmn/bpmn-document.ts';
import { subjectToken } from '../../integrations/cloudevents/fact-cloudevent.ts';
import type { Model } from '../../model/model.ts';
import { type OpenApiPaths, answer, operation } from '../openapi-parts.ts';

/** The file name a download of a model's export is saved as, e.g. `shop.asyncapi.yaml` (pure). */
export function exportFileName(model: string, suffix: string): string {
  return `${subjectToken(model)}.${suffix}`;
}

/** Registers `GET /api/model/asyncapi` and `GET /api/model/bpmn`. */
export function registerModelExportRoutes(app: FastifyInstance, model: Model): void {
  let asyncApi: { yaml: string; json: string } | undefined;
  let bpmn: string | undefined;
  app.get('/api/model/asyncapi', async (request, reply) => {
    if (asyncApi === undefined) {
      const document = asyncApiDocument(model);
      asyncApi = { yaml: asyncApiText(document, 'yaml'), json: asyncApiText(document, 'json') };
    }
    const json = (request.headers.accept ?? '').includes('application/json');
    const file = exportFileName(model.name, json ? 'asyncapi.json' : 'asyncapi.yaml');
    void reply
      .header('content-disposition', `attachment; filename="${file}"`)
      .header('vary', 'accept')
      .type(json ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8');
    return reply.send(json ? asyncApi.json : asyncApi.yaml);
  });
  app.get('/api/model/bpmn', async (_request, reply) => {
    bpmn ??= bpmnDocument(model);
    void reply
      .header('content-disposition', `attachment; filename="${exportFileName(model.name, 'bpmn')}"`)
      .type('application/xml; charset=utf-8');
    return reply.send(bpmn);
  });
}

/** The OpenAPI paths of the model's exports (pure). */
export function modelExportPaths(): OpenApiPaths {
  return {
    '/api/model/asyncapi': {
      get: operation(
        'queries',
        'The AsyncAPI 3.0 document of the events Factum publishes for the model',
        {
          description:
            'One channel per transaction kind and fact on `factum.<model>.<kind>.<fact>`, each fact a CloudEvent 1.0 in structured mode. YAML by default, JSON with `Accept: application/json`; sent as an attachment.',
          responses: {
            '200': answer('The AsyncAPI document', {
              'application/yaml': { type: 'string' },
              'application/json': { type: 'object' },
            }),
          },
        },
      ),
    },
    '/api/model/bpmn': {
      get: operation('queries', "The model's Process Model as BPMN 2.0 XML, laid out (BPMN DI)", {
        description:
          'A pool per actor role with the transaction steps it performs, message flows between the roles, response and wait links as flows; sent as an attachment.',
        responses: {
          '200': answer('The BPMN document', { 'application/xml': { type: 'string' } }),
        },
      }),
    },
  };
}
