import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { shopModel } from '../../../examples/shop/model.ts';
import { defineModel } from '../../model/index.ts';
import { exampleModels } from '../example-models.test-support.ts';
import { bpmnCollaboration } from './bpmn-collaboration.ts';
import { bpmnDocument } from './bpmn-document.ts';

const moddle = new BpmnModdle();

/** One element of the XML by its tag, each attribute by name (enough for our own, regular output). */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag} ([^>]*?)/?>`, 'g'))].map((match) =>
    Object.fromEntries(
      [...(match[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? '']),
    ),
  );
}

const flowNodeTags = ['startEvent', 'endEvent', 'userTask', 'serviceTask', 'parallelGateway'].map(
  (name) => `bpmn:${name}`,
);

describe('the BPMN document of a model', () => {
  it('reads back without warnings, a pool per role, every flow joined and drawn', async () => {
    for (const model of await exampleModels()) {
      const xml = bpmnDocument(model);
      const { rootElement, elementsById, warnings } = await moddle.fromXML(xml);
      expect(
        warnings.map((w) => w.message),
        model.name,
      ).toEqual([]);
      expect(rootElement.$type).toBe('bpmn:Definitions');

      const roles = new Set(
        Object.values(model.transactionKinds).flatMap((k) => [k.initiator, k.executor]),
      );
      const participants = elements(xml, 'bpmn:participant');
      expect(participants.map((p) => p['id']).sort()).toEqual(
        [...roles].map((r) => `Participant_${r}`).sort(),
      );
      for (const p of participants)
        expect(elementsById[p['processRef'] ?? '']?.$type).toBe('bpmn:Process');

      const nodes = flowNodeTags.flatMap((tag) => elements(xml, tag).map((e) => e['id'] ?? ''));
      const sequence = elements(xml, 'bpmn:sequenceFlow');
      const messages = elements(xml, 'bpmn:messageFlow');
      for (const flow of [...sequence, ...messages]) {
        expect(nodes).toContain(flow['sourceRef']);
        expect(nodes).toContain(flow['targetRef']);
      }
      // Every flow node and pool has a shape, every flow an edge with at least two waypoints.
      const shapes = elements(xml, 'bpmndi:BPMNShape').map((s) => s['bpmnElement']);
      expect(shapes.sort()).toEqual([...nodes, ...participants.map((p) => p['id'])].sort());
      const edges = elements(xml, 'bpmndi:BPMNEdge').map((e) => e['bpmnElement']);
      expect(edges.sort()).toEqual([...sequence, ...messages].map((f) => f['id']).sort());
      for (const edge of xml.split('<bpmndi:BPMNEdge ').slice(1))
        expect(
          edge.split('</bpmndi:BPMNEdge>')[0]?.match(/<di:waypoint /g)?.length,
        ).toBeGreaterThanOrEqual(2);
    }
  });

  it('carries the coordination between roles as message flows and the links as sequence flows', async () => {
    const xml = bpmnDocument(shopModel);
    const messages = elements(xml, 'bpmn:messageFlow');
    // Three kinds between two roles each: request → promise and declare → accept.
    expect(messages).toHaveLength(6);
    expect(messages).toContainEqual(
      expect.objectContaining({
        name: 'OrderRequested',
        sourceRef: 'Task_TK01_request',
        targetRef: 'Start_Task_TK01_promise',
      }),
    );
    expect(messages).toContainEqual(
      expect.objectContaining({
        name: 'OrderDeclared',
        sourceRef: 'Task_TK01_declare',
        targetRef: 'Task_TK01_accept',
      }),
    );
    const sequence = elements(xml, 'bpmn:sequenceFlow');
    // The response link (TK01/promised) → [TK02/request], within the order completer's process.
    expect(sequence).toContainEqual(
      expect.objectContaining({ sourceRef: 'Task_TK01_promise', targetRef: 'Task_TK02_request' }),
    );
    // Execute waits for the payment and the shipment: a parallel join before it.
    const into = sequence.filter((f) => f['targetRef'] === 'Join_Task_TK01_execute');
    expect(into.map((f) => f['sourceRef']).sort()).toEqual([
      'Task_TK01_promise',
      'Task_TK02_accept',
      'Task_TK03_accept',
    ]);
    const { elementsById } = await moddle.fromXML(xml);
    expect(elementsById['Join_Task_TK01_execute']?.$type).toBe('bpmn:ParallelGateway');
    expect(elementsById['Start_Task_TK01_promise']?.$type).toBe('bpmn:StartEvent');
    // A step an action rule performs is a service task; a person's is a user task.
    expect(elementsById['Task_TK01_promise']?.$type).toBe('bpmn:ServiceTask');
    expect(elementsById['Task_TK01_request']?.$type).toBe('bpmn:UserTask');
    expect(bpmnCollaboration(shopModel).omittedLinks).toBe(0);
  });

  it('escapes names and keeps one pool for a role that requests from itself', async () => {
    const model = defineModel({
      name: 'odd <"names"> & co',
      actorRoles: { 'A 1': { name: 'maker & "tester" <x>' } },
      transactionKinds: {
        TK01: {
          name: 'Check',
          label: "self's check",
          product: '[check] is done',
          initiator: 'A 1',
          executor: 'A 1',
          example: {},
        },
      },
    });
    const xml = bpmnDocument(model);
    const { elementsById, warnings } = await moddle.fromXML(xml);
    expect(warnings).toEqual([]);
    expect(elementsById['Participant_A_1']).toMatchObject({ name: 'A 1 maker & "tester" <x>' });
    // No message flow within one pool: the steps follow each other.
    expect(elements(xml, 'bpmn:messageFlow')).toEqual([]);
    expect(elements(xml, 'bpmn:sequenceFlow').length).toBe(6);
  });
});
