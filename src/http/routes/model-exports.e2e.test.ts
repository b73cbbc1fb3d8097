import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serverPerTest } from '../e2e-harness.test-support.ts';

const startServer = serverPerTest();

describe('the model export routes', () => {
  it('serve the AsyncAPI document as a YAML or JSON download', async () => {
    const s = await startServer();
    const yaml = await fetch(`${s.base}/api/model/asyncapi`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(yaml.headers.get('content-disposition')).toBe(
      'attachment; filename="shop.asyncapi.yaml"',
    );
    const document = parse(await yaml.text()) as { channels: Record<string, { address: string }> };
    expect(document.channels['TK01_promised']?.address).toBe('factum.shop.TK01.promised');
    const json = await fetch(`${s.base}/api/model/asyncapi`, {
      headers: { accept: 'application/json' },
    });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toBe(
      'attachment; filename="shop.asyncapi.json"',
    );
    expect(await json.json()).toEqual(document);
  });

  it('serves the BPMN document as an XML download, and both are in the OpenAPI document', async () => {
    const s = await startServer();
    const response = await fetch(`${s.base}/api/model/bpmn`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="shop.bpmn"');
    const { warnings, elementsById } = await new BpmnModdle().fromXML(await response.text());
    expect(warnings).toEqual([]);
    expect(elementsById['Participant_CA01']?.$type).toBe('bpmn:Participant');
    const openapi = (await (await fetch(`${s.base}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/model/asyncapi', '/api/model/bpmn']),
    );
  });
});
