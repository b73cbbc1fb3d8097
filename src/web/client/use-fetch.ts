/** Loads a path from the API and reloads it whenever live updates arrive. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, get } from './api.ts';
import { liveTick } from './live.ts';
import { useStore } from './store.ts';

/** What a loaded resource looks like to a component. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Fetches `path` (none when null), again on every live tick; keeps the last data while reloading. */
export function useFetch<T>(path: string | null, options: { live?: boolean } = {}): Loaded<T> {
  const tick = useStore(liveTick);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  const live = options.live ?? true;
  const liveKey = live ? tick : 0;
  const previousPath = useRef(path);
  useEffect(() => {
    if (previousPath.current !== path) {
      previousPath.current = path;
      setData(undefined);
    }
    if (path === null) return;
    const request = ++latest.current;
    setLoading(true);
    get<T>(path).then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        setError(describeError(failure));
        setLoading(false);
      },
    );
  }, [path, liveKey, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
