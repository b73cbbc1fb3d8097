/**
 * A model's Process Model as a BPMN collaboration, before it is laid out or written: a pool per
 * actor role that performs a step, and in it the steps of the basic transaction pattern the role
 * performs (the initiator's request and accept, the executor's promise, execute and declare), read
 * from the Process Structure Diagram's derivation (`processStructure`). Steps of one role follow
 * each other by sequence flows; the coordination between two roles (request → promise, declare →
 * accept) is a message flow. The response links (`(TK01/promised) → [TK02/request]`) and wait links
 * (`[TK01/execute]` waits for `(TK02/accepted)`) join steps in the same way: a sequence flow within
 * a role, a message flow across roles. A step that waits for more than one flow is joined by a
 * parallel gateway, since a wait link holds its act until every awaited fact is there; a step no
 * flow leads to is started by a start event (a message start event where a message arrives), and
 * one that leads nowhere ends in an end event.
 */
import { basicPatternActs, processStructure, type ProcessStep } from '../../model/diagram/index.ts';
import type { Model } from '../../model/model.ts';
import { businessFactType, type Act, type FactKind } from '../../core/index.ts';

/** The BPMN element a node of the collaboration becomes. */
export type BpmnNodeType =
  'startEvent' | 'messageStartEvent' | 'endEvent' | 'userTask' | 'serviceTask' | 'parallelGateway';

/** A flow node in one role's process. */
export interface BpmnNode {
  readonly id: string;
  readonly type: BpmnNodeType;
  readonly name: string;
  /** The participant (pool) it lies in. */
  readonly pool: string;
  readonly documentation?: string;
}

/** A sequence flow (within a process) or a message flow (between pools). */
export interface BpmnFlow {
  readonly id: string;
  readonly type: 'sequence' | 'message';
  readonly source: string;
  readonly target: string;
  readonly name?: string;
}

/** A pool: an actor role as a participant with its process. */
export interface BpmnPool {
  readonly id: string;
  readonly processId: string;
  readonly role: string;
  readonly name: string;
}

/** Everything the BPMN document holds, in a stable order, under the model's name. */
export interface BpmnCollaboration extends Pick<Model, 'name'> {
  readonly pools: readonly BpmnPool[];
  readonly nodes: readonly BpmnNode[];
  readonly flows: readonly BpmnFlow[];
  /** Links of the Process Model between facts or acts outside the basic pattern: not drawn. */
  readonly omittedLinks: number;
}

/** An XML id (an NCName) made of any text: letters, digits, `_`, `-` and `.` (pure). */
export function bpmnId(...parts: readonly string[]): string {
  return parts.map((part) => part.replace(/[^A-Za-z0-9_.-]/g, '_')).join('_');
}

const stepId = (kind: string, act: Act): string => bpmnId('Task', kind, act);

/** A connection between two steps before it is a flow: its kind is decided by the roles. */
interface StepLink {
  readonly source: string;
  readonly target: string;
  readonly name?: string;
  /** Named only as a message flow: the business event it carries. */
  readonly message?: string;
}

/** Derives the BPMN collaboration of a model's Process Model (pure). */
export function bpmnCollaboration(model: Model): BpmnCollaboration {
  const structure = processStructure(model);
  const pools = new Map<string, BpmnPool>();
  const nodes: BpmnNode[] = [];
  const steps = new Map<string, ProcessStep & { readonly kind: string }>();
  for (const kind of structure.kinds) {
    for (const step of kind.steps) {
      if (!pools.has(step.role)) {
        const role = model.actorRoles[step.role];
        pools.set(step.role, {
          id: bpmnId('Participant', step.role),
          processId: bpmnId('Process', step.role),
          role: step.role,
          name: role === undefined ? step.role : `${step.role} ${role.name}`,
        });
      }
      const id = stepId(kind.id, step.act);
      steps.set(id, { ...step, kind: kind.id });
      const byRule = step.rule !== undefined && step.proposed !== true;
      nodes.push({
        id,
        type: byRule ? 'serviceTask' : 'userTask',
        name: `${kind.id} ${step.act}: ${kind.label}`,
        pool: bpmnId('Participant', step.role),
        documentation: [
          `${step.party === 'initiator' ? 'Initiator' : 'Executor'} ${step.role} ${step.act}s; the fact is ${step.fact}.`,
          step.rule === undefined
            ? 'Performed by a person.'
            : step.proposed === true
              ? `Proposed by the action rule ${step.rule}, confirmed by a person.`
              : `Performed by the action rule ${step.rule}.`,
        ].join(' '),
      });
    }
  }
  const factStep = (kind: string, fact: FactKind): string | undefined => {
    const id = [...steps.entries()].find(([, s]) => s.kind === kind && s.fact === fact)?.[0];
    return id;
  };
  const actStep = (kind: string, act: Act): string | undefined =>
    steps.has(stepId(kind, act)) ? stepId(kind, act) : undefined;
  const links: StepLink[] = [];
  for (const kind of structure.kinds) {
    const own = basicPatternActs.flatMap((act) => actStep(kind.id, act) ?? []);
    for (const [i, source] of own.entries()) {
      const target = own[i + 1];
      const fact = steps.get(source)?.fact;
      const businessName = model.transactionKinds[kind.id]?.name ?? kind.id;
      if (target !== undefined)
        links.push({
          source,
          target,
          ...(fact === undefined ? {} : { message: businessFactType(businessName, fact) }),
        });
    }
    // The initiator goes on from its request to its acceptance, awaiting the declaration.
    const request = actStep(kind.id, 'request');
    const accept = actStep(kind.id, 'accept');
    if (request !== undefined && accept !== undefined && kind.initiator !== kind.executor)
      links.push({ source: request, target: accept });
  }
  let omittedLinks = 0;
  for (const link of structure.links) {
    const source = factStep(link.fact.kind, link.fact.fact);
    const target = actStep(link.act.kind, link.act.act);
    if (source === undefined || target === undefined) {
      omittedLinks += 1;
      continue;
    }
    const cardinality = link.cardinality ?? '1';
    links.push({
      source,
      target,
      name: link.type === 'wait' ? `waits for (${cardinality})` : cardinality,
    });
  }
  const flows: BpmnFlow[] = [];
  const seen = new Set<string>();
  const poolOf = new Map(nodes.map((n) => [n.id, n.pool]));
  const addFlow = (flow: Omit<BpmnFlow, 'id'>): void => {
    const key = `${flow.source}>${flow.target}`;
    if (seen.has(key)) return;
    seen.add(key);
    flows.push({ id: bpmnId('Flow', String(flows.length + 1)), ...flow });
  };
  for (const { source, target, name, message } of links) {
    const type = poolOf.get(source) === poolOf.get(target) ? 'sequence' : 'message';
    const label = type === 'message' ? (message ?? name) : name;
    addFlow({ type, source, target, ...(label === undefined ? {} : { name: label }) });
  }
  return {
    name: structure.name,
    pools: [...pools.values()],
    ...closeProcesses(nodes, flows),
    omittedLinks,
  };
}

/**
 * Adds the joins, start events and end events that make each process well formed: a parallel
 * gateway before a task with several incoming sequence flows, a start event before one with none
 * (a message start event taking over its incoming message flows), an end event after one with no
 * outgoing sequence flow (pure).
 */
function closeProcesses(
  steps: readonly BpmnNode[],
  stepFlows: readonly BpmnFlow[],
): { nodes: BpmnNode[]; flows: BpmnFlow[] } {
  const nodes: BpmnNode[] = [];
  let flows = [...stepFlows];
  let counter = flows.length;
  const flow = (
    type: BpmnFlow['type'],
    source: string,
    target: string,
    name?: string,
  ): BpmnFlow => {
    counter += 1;
    return {
      id: bpmnId('Flow', String(counter)),
      type,
      source,
      target,
      ...(name === undefined ? {} : { name }),
    };
  };
  for (const step of steps) {
    const incoming = flows.filter((f) => f.type === 'sequence' && f.target === step.id);
    const messages = flows.filter((f) => f.type === 'message' && f.target === step.id);
    if (incoming.length === 0) {
      const message = messages[0];
      const start: BpmnNode = {
        id: bpmnId('Start', step.id),
        type: message === undefined ? 'startEvent' : 'messageStartEvent',
        name: message?.name ?? '',
        pool: step.pool,
      };
      nodes.push(start);
      // The message that starts the process arrives at its start event, not at the task.
      flows = flows.map((f) => (f === message ? { ...f, target: start.id } : f));
      flows.push(flow('sequence', start.id, step.id));
    } else if (incoming.length > 1) {
      const join: BpmnNode = {
        id: bpmnId('Join', step.id),
        type: 'parallelGateway',
        name: '',
        pool: step.pool,
      };
      nodes.push(join);
      const redirected = new Set(incoming);
      flows = flows.map((f) => (redirected.has(f) ? { ...f, target: join.id } : f));
      flows.push(flow('sequence', join.id, step.id));
    }
    nodes.push(step);
    if (!flows.some((f) => f.type === 'sequence' && f.source === step.id)) {
      const end: BpmnNode = {
        id: bpmnId('End', step.id),
        type: 'endEvent',
        name: '',
        pool: step.pool,
      };
      nodes.push(end);
      flows.push(flow('sequence', step.id, end.id));
    }
  }
  return { nodes, flows };
}
