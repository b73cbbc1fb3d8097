/** The model: its Cooperation Model and event model drawn from `GET /api/model`, and its parts listed. */
import { CooperationDiagram } from '../diagrams/cooperation-diagram.tsx';
import { EventModelDiagram } from '../diagrams/event-model-diagram.tsx';
import { modelStore, roleName } from '../model.ts';
import { useStore } from '../store.ts';

/** The model screen. */
export function ModelScreen() {
  const model = useStore(modelStore);
  if (model === undefined) return <main class="page">Loading…</main>;
  return (
    <main class="page">
      <h1>
        Model <code class="id">{model.name}</code>
      </h1>
      {model.description === undefined ? null : <p class="lead">{model.description}</p>}
      <section class="panel" aria-labelledby="coop-title">
        <h2 id="coop-title">Cooperation Model</h2>
        <p class="muted small">
          Actor roles and the transaction kinds between them; a small square marks the executor.
          Solid arrows: response links; dashed: wait links.
        </p>
        <div class="scroll">
          <CooperationDiagram model={model} />
        </div>
      </section>
      <section class="panel" aria-labelledby="em-title">
        <h2 id="em-title">Event model</h2>
        <p class="muted small">
          Read left to right. <span class="key key-command">commands</span>{' '}
          <span class="key key-event">events</span> <span class="key key-view">views</span>; one
          swimlane per role with its screens and automations.
        </p>
        <div class="scroll">
          <EventModelDiagram model={model} />
        </div>
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
