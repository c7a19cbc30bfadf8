import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: string };

/**
 * Loads a value when `key` changes; `reload` fetches it again. An answer for an older key or
 * generation is dropped, and until the current one arrives the state reads as loading.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> & { reload: () => void } {
  const [generation, setGeneration] = useState(0);
  const [result, setResult] = useState<{ token: string; state: AsyncState<T> } | null>(null);
  const token = `${generation}:${key}`;
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResult({ token, state: { status: 'ready', value } }),
      (error: unknown) => current && setResult({ token, state: { status: 'failed', error: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; the token says when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const state: AsyncState<T> = result?.token === token ? result.state : { status: 'loading' };
  return { ...state, reload };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
