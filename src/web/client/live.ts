/**
 * Live updates: one EventSource on `/api/events` per session. Every `fact`, `ledger` or `views`
 * event bumps a counter (debounced) that screens watch to refetch what they show. The browser
 * reconnects by itself with `Last-Event-ID`; when the server refuses a reconnection, a new stream is
 * opened after a pause, resuming from the last event seen.
 */
import { createStore } from './store.ts';

/** The state of the live feed. */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

/** Bumped after updates arrive; screens refetch when it changes. */
export const liveTick = createStore(0);
/** The feed's connection state. */
export const liveState = createStore<LiveState>('off');

let source: EventSource | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
let debounce: ReturnType<typeof setTimeout> | undefined;
let lastEventId: string | undefined;

function bump(): void {
  if (debounce !== undefined) return;
  debounce = setTimeout(() => {
    debounce = undefined;
    liveTick.set(liveTick.get() + 1);
  }, 120);
}

/** Opens the live feed for a token, closing any previous one (impure). */
export function connectLive(token: string): void {
  disconnectLive();
  const open = (): void => {
    const query = new URLSearchParams({ access_token: token });
    if (lastEventId !== undefined) query.set('lastEventId', lastEventId);
    const es = new EventSource(`/api/events?${query.toString()}`);
    source = es;
    liveState.set(liveState.get() === 'off' ? 'connecting' : 'reconnecting');
    es.onopen = () => {
      liveState.set('live');
      // Whatever happened while away is refetched.
      bump();
    };
    const onEvent = (event: MessageEvent<string>): void => {
      if (event.lastEventId !== '') lastEventId = event.lastEventId;
      bump();
    };
    for (const type of ['fact', 'ledger', 'views']) es.addEventListener(type, onEvent);
    es.onerror = () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        liveState.set('reconnecting');
        retry = setTimeout(open, 3000);
      } else liveState.set('reconnecting');
    };
  };
  open();
}

/** Closes the live feed (impure). */
export function disconnectLive(): void {
  if (retry !== undefined) clearTimeout(retry);
  retry = undefined;
  source?.close();
  source = undefined;
  lastEventId = undefined;
  liveState.set('off');
}

/** Makes every screen refetch now, e.g. right after the user's own act (impure). */
export function refreshNow(): void {
  liveTick.set(liveTick.get() + 1);
}
