/** Hash routing: `#/agenda`, `#/tx/<id>`, … — the page never reloads. */
import { createStore } from './store.ts';

/** The path after `#`, split into segments. */
export interface Route {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

function current(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return {
    path,
    segments: path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

/** The current route. */
export const routeStore = createStore<Route>(current());
addEventListener('hashchange', () => routeStore.set(current()));

/** Goes to a path (impure). */
export function navigate(path: string): void {
  location.hash = path;
}

/** The href of a path (pure). */
export function href(...segments: readonly string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}
