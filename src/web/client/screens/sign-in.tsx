/** Sign in as one of the model's demo actors, in one of its roles. */
import { useState } from 'preact/hooks';
import { describeError } from '../api.ts';
import type { DemoRole } from '../../../protocol/index.ts';
import { modelStore } from '../model.ts';
import { signIn } from '../session.ts';
import { useStore } from '../store.ts';
import { useFetch } from '../use-fetch.ts';
import { ErrorAlert } from '../components/error-alert.tsx';

/** The sign-in screen: every role with its demo actors as buttons. */
export function SignIn() {
  const model = useStore(modelStore);
  const roles = useFetch<readonly DemoRole[]>('/api/demo/actors', { live: false });
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <main id="main" tabIndex={-1} class="page narrow">
      <h1>Sign in</h1>
      <p class="lead">
        {model?.description ?? 'Choose who you are.'} Pick a demo actor: you act in its role, with
        what that role may see and do.
      </p>
      <ErrorAlert
        error={
          roles.error === 'No route GET /api/demo/actors.'
            ? 'This server does not run in demo mode: sign in with a token issued elsewhere.'
            : roles.error
        }
      />
      <ErrorAlert error={error} />
      <div class="cards">
        {(roles.data ?? []).map((role) => (
          <section class="card" key={role.role} aria-labelledby={`role-${role.role}`}>
            <h2 id={`role-${role.role}`}>
              {role.name} <span class="muted">{role.role}</span>
            </h2>
            {role.description === undefined ? null : <p>{role.description}</p>}
            <p class="muted small">
              {role.personal ? 'Sees only its own transactions.' : 'Sees every transaction.'}
            </p>
            <div class="row">
              {role.actors.length === 0 ? <span class="muted">No demo actors.</span> : null}
              {role.actors.map((actor) => (
                <button
                  type="button"
                  class="btn btn-primary"
                  key={actor}
                  aria-label={`Sign in as ${actor} (${role.name})`}
                  onClick={() => {
                    setError(undefined);
                    signIn(actor, role.role).catch((failure: unknown) =>
                      setError(describeError(failure)),
                    );
                  }}
                >
                  {actor}
                </button>
              ))}
            </div>
          </section>
        ))}
      </div>
    </main>
  );
}
