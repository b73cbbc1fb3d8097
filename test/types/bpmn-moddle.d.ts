/**
 * The little of bpmn-moddle the tests use: its package types the BPMN elements (`bpmn-moddle/types`)
 * but not the reader itself.
 */
declare module 'bpmn-moddle' {
  import type { BpmnDefinitions } from 'bpmn-moddle/types';

  /** A problem the reader met: an unknown element or attribute, an id nothing resolves to. */
  export interface ParseWarning {
    readonly message: string;
  }

  /** What `fromXML` reads: the definitions, every element by id, and the warnings. */
  export interface ParseResult {
    readonly rootElement: BpmnDefinitions & { readonly $type: string };
    readonly elementsById: Readonly<Record<string, { readonly $type: string } | undefined>>;
    readonly warnings: readonly ParseWarning[];
  }

  export class BpmnModdle {
    fromXML(xml: string): Promise<ParseResult>;
  }
}
