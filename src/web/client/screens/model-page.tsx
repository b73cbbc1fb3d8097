/**
 * The model: its diagrams as the server draws them (`GET /api/model/diagrams/{view}`) — the
 * Organization Construction Diagram, the Process Structure Diagram and the event model — its
 * parts listed from `GET /api/model`, and links to download its exports (`GET /api/model/asyncapi`,
 * `GET /api/model/bpmn`).
 */
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
        <section class="panel" aria-labelledby="roles-title">
          <h2 id="roles-title">Actor roles</h2>
          <table>
            <tbody>
              {Object.entries(model.actorRoles).map(([id, role]) => (
                <tr key={id}>
                  <td>
                    <code>{id}</code>
                  </td>
                  <td>
                    <strong>{role.name}</strong>
                    <div class="muted small">{role.description}</div>
                  </td>
                  <td>{role.kind}</td>
                  <td>{(role.demoActors ?? []).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel" aria-labelledby="kinds-title">
          <h2 id="kinds-title">Transaction kinds</h2>
          <table>
            <tbody>
              {Object.entries(model.transactionKinds).map(([id, kind]) => (
                <tr key={id}>
                  <td>
                    <code>{id}</code>
                  </td>
                  <td>
                    <strong>{kind.name}</strong>
                    <div class="muted small">{kind.product}</div>
                  </td>
                  <td>
                    {roleName(model, kind.initiator)} → {roleName(model, kind.executor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {(model.actionRules ?? []).length === 0 ? null : (
        <section class="panel" aria-labelledby="rules-title">
          <h2 id="rules-title">Action rules</h2>
          <table>
            <tbody>
              {(model.actionRules ?? []).map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <code>{rule.id}</code>
                  </td>
                  <td>{roleName(model, rule.role)}</td>
                  <td>
                    when {rule.when.kind} {rule.when.fact}
                  </td>
                  <td class="muted small">{rule.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
