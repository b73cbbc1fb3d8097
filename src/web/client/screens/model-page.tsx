/**
 * The model: its diagrams as the server draws them (`GET /api/model/diagrams/{view}`) — the
 * Organization Construction Diagram, the Process Structure Diagram and the event model — its
 * parts listed from `GET /api/model`, and links to download its exports (`GET /api/model/asyncapi`,
 * `GET /api/model/bpmn`).
 */
import type { ComponentChildren } from 'preact';
import { DiagramPanel } from '../diagrams/diagram-panel.tsx';
import { modelStore, roleName } from '../model.ts';
import { useStore } from '../store.ts';

/** The model screen. */
export function ModelScreen() {
  const model = useStore(modelStore);
  if (model === undefined)
    return (
      <main id="main" tabIndex={-1} class="page">
        Loading…
      </main>
    );
  return (
    <main id="main" tabIndex={-1} class="page">
      <h1>
        Model <code class="id">{model.name}</code>
      </h1>
      {model.description === undefined ? null : <p class="lead">{model.description}</p>}
      <p class="muted small">
        Download:{' '}
        <a href="/api/model/asyncapi" download>
          the events it publishes (AsyncAPI 3.0, YAML)
        </a>{' '}
        ·{' '}
        <a href="/api/model/bpmn" download>
          its Process Model (BPMN 2.0 XML)
        </a>
      </p>
      <section class="panel" aria-labelledby="coop-title">
        <h2 id="coop-title">Organization Construction Diagram</h2>
        <p class="muted small">
          The Cooperation Model: actor roles (grey: the environment, outside the dashed boundary of
          the organisation) and the transaction kinds between them (a diamond in a disc); a line
          from the initiator, a small square at the executor.
        </p>
        <DiagramPanel view="cooperation" label="Organization Construction Diagram" />
      </section>
      <section class="panel" aria-labelledby="psd-title">
        <h2 id="psd-title">Process Structure Diagram</h2>
        <p class="muted small">
          The Process Model: each kind's steps (⚙ an action rule performs it); solid arrows are
          response links, dashed arrows wait links, each with its cardinality.
        </p>
        <DiagramPanel view="process" label="Process Structure Diagram" />
      </section>
      <section class="panel" aria-labelledby="em-title">
        <h2 id="em-title">Event model</h2>
        <p class="muted small">
          Read left to right, row after row. <span class="key key-command">commands</span>{' '}
          <span class="key key-event">events</span> <span class="key key-view">views</span>; one
          swimlane per role with its screens and automations (⚙ the action rule that acts).
        </p>
        <DiagramPanel view="event-model" label="Event model" />
      </section>
      <div class="split">
        <PartsPanel
          id="roles"
          title="Actor roles"
          parts={Object.entries(model.actorRoles)}
          cells={(role) => (
            <>
              <Named name={role.name} about={role.description} />
              <td>{role.kind}</td>
              <td>{(role.demoActors ?? []).join(', ')}</td>
            </>
          )}
        />
        <PartsPanel
          id="kinds"
          title="Transaction kinds"
          parts={Object.entries(model.transactionKinds)}
          cells={(kind) => (
            <>
              <Named name={kind.name} about={kind.product} />
              <td>
                {roleName(model, kind.initiator)} → {roleName(model, kind.executor)}
              </td>
            </>
          )}
        />
      </div>
      {(model.actionRules ?? []).length === 0 ? null : (
        <PartsPanel
          id="rules"
          title="Action rules"
          parts={(model.actionRules ?? []).map((rule) => [rule.id, rule] as const)}
          cells={(rule) => (
            <>
              <td>{roleName(model, rule.role)}</td>
              <td>
                when {rule.when.kind} {rule.when.fact}
              </td>
              <td class="muted small">{rule.description}</td>
            </>
          )}
        />
      )}
    </main>
  );
}

/** A panel listing parts of the model, a row each: the part's id, then the cells it shows. */
function PartsPanel<T>(props: {
  id: string;
  title: string;
  parts: readonly (readonly [string, T])[];
  cells: (part: T) => ComponentChildren;
}) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <table>
        <tbody>
          {props.parts.map(([id, part]) => (
            <tr key={id}>
              <td>
                <code>{id}</code>
              </td>
              {props.cells(part)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A part's name, its description under it. */
function Named(props: { name: string; about: string | undefined }) {
  return (
    <td>
      <strong>{props.name}</strong>
      <div class="muted small">{props.about}</div>
    </td>
  );
}
