/** The dashboard's shell: sign-in, navigation for the signed-in role, the live feed, and the screens. */
import { useEffect } from 'preact/hooks';
import { describeError, get } from './api.ts';
import type { ModelDoc } from '../../protocol/index.ts';
import { connectLive, disconnectLive, liveState } from './live.ts';
import { kindName, modelStore, roleName } from './model.ts';
import { href, navigate, routeStore } from './router.ts';
import { AgendaScreen } from './screens/agenda.tsx';
import { ModelScreen } from './screens/model-page.tsx';
import { homeOf, screensFor } from './extension-registry.tsx';
import { AuditScreen } from './screens/audit.tsx';
import { NotFound } from './screens/not-found.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { rootKindsInitiatedBy, StartScreen } from './screens/start.tsx';
import { TransactionScreen } from './screens/transaction.tsx';
import { TransactionsScreen } from './screens/transactions.tsx';
import { sessionStore, signOut, type Session } from './session.ts';
import { actorWord } from './words.ts';
import { createStore, useStore } from './store.ts';
import { ErrorAlert } from './components/error-alert.tsx';

const loadError = createStore<string | undefined>(undefined);

function loadModel(): void {
  get<ModelDoc>('/api/model').then(
    (model) => modelStore.set(model),
    (failure: unknown) => loadError.set(describeError(failure)),
  );
}

function LiveBadge() {
  const state = useStore(liveState);
  const text = state === 'live' ? 'Live' : state === 'off' ? 'Offline' : 'Reconnecting…';
  return (
    <span class={`live live-${state}`} role="status" aria-label={`Live updates: ${text}`}>
      <span class="dot" aria-hidden="true" /> {text}
    </span>
  );
}

function Nav(props: { session: Session; model: ModelDoc; path: string }) {
  const { session, model } = props;
  const items: { href: string; label: string }[] = [
    ...screensFor(model, session.role).map((s) => ({
      href: href('x', s.path),
      label: s.title,
    })),
    { href: href('agenda'), label: 'Agenda' },
    ...rootKindsInitiatedBy(model, session.role).map(([id]) => ({
      href: href('start', id),
      label: `New ${kindName(model, id)}`,
    })),
    { href: href('transactions'), label: 'Transactions' },
    { href: href('model'), label: 'Model' },
  ];
  return (
    <nav class="nav" aria-label="Main">
      {items.map((item) => (
        <a
          key={item.href}
          href={item.href}
          aria-current={`#${props.path}` === item.href ? 'page' : undefined}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}

function Screen(props: { session: Session; model: ModelDoc }) {
  const route = useStore(routeStore);
  const { session, model } = props;
  const [first, second] = route.segments;
  useEffect(() => {
    if (first === undefined) navigate(homeOf(model, session.role));
  }, [first, model, session.role]);
  switch (first) {
    case 'agenda':
      return <AgendaScreen session={session} />;
    case 'start':
      return (
        <StartScreen
          session={session}
          kindId={second}
          parent={route.query.get('parent') ?? undefined}
        />
      );
    case 'transactions':
      return <TransactionsScreen />;
    case 'audit':
      return second === undefined ? <NotFound /> : <AuditScreen key={second} id={second} />;
    case 'tx':
      return second === undefined ? (
        <TransactionsScreen />
      ) : (
        <TransactionScreen key={second} id={second} asOf={route.query.get('asOf') ?? undefined} />
      );
    case 'model':
      return <ModelScreen />;
    case 'x': {
      const screen = screensFor(model, session.role).find((s) => s.path === second);
      if (screen !== undefined) {
        const Component = screen.component;
        return <Component session={session} model={model} />;
      }
      return (
        <main id="main" tabIndex={-1} class="page">
          <p class="empty">This screen is not for {roleName(model, session.role)}.</p>
        </main>
      );
    }
    default:
      return <NotFound />;
  }
}

/** The whole dashboard. */
export function App() {
  const session = useStore(sessionStore);
  const model = useStore(modelStore);
  const error = useStore(loadError);
  useEffect(loadModel, []);
  useEffect(() => {
    if (session === undefined) {
      disconnectLive();
      return;
    }
    connectLive(session.token);
    return disconnectLive;
  }, [session?.token]);
  const route = useStore(routeStore);
  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.querySelector<HTMLElement>('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/">
          Factum <span class="model-name">{model?.name ?? ''}</span>
        </a>
        {session === undefined || model === undefined ? null : (
          <Nav session={session} model={model} path={route.path} />
        )}
        <div class="who">
          <a class="docs-link" href="/docs" target="_blank" rel="noopener">
            API docs
          </a>
          {session === undefined ? null : (
            <>
              <LiveBadge />
              <span class="actor" aria-label="Signed in as">
                <strong>{actorWord(session.actor)}</strong> · {roleName(model, session.role)}
              </span>
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  signOut();
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <ErrorAlert error={error} page />
      {model === undefined ? null : session === undefined ? (
        route.segments[0] === 'model' ? (
          <ModelScreen />
        ) : ['', undefined, 'agenda', 'start', 'transactions', 'tx', 'audit', 'x'].includes(
            route.segments[0],
          ) ? (
          <SignIn />
        ) : (
          <NotFound />
        )
      ) : (
        <Screen session={session} model={model} />
      )}
    </div>
  );
}
