import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet } from './client';

export type Remote<T> =
  | { status: 'loading'; data: T | undefined; error: null }
  | { status: 'ok'; data: T; error: null }
  | { status: 'error'; data: T | undefined; error: ApiError };

type Settled<T> = { path: string | null; generation: number; data: T | undefined; error: ApiError | null };

type Options = {
  /** Keep showing the previous path's data while the next one loads (lists, pagination). */
  keepPrevious?: boolean;
};

/**
 * GETs `path`, and again whenever it changes or `reload` is called. A reload keeps the current
 * data on screen until the fresh answer arrives. `path` null means "nothing to load".
 */
export function useApi<T>(path: string | null, options: Options = {}): Remote<T> & { reload: () => void } {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({
    path: null,
    generation: -1,
    data: undefined,
    error: null,
  });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    apiGet<T>(path, controller.signal).then(
      (data) => setSettled({ path, generation, data, error: null }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, null);
        setSettled((previous) => ({
          path,
          generation,
          data: previous.path === path ? previous.data : undefined,
          error: apiError,
        }));
      },
    );
    return () => controller.abort();
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const current = settled.path === path && settled.generation === generation;
  if (path === null || !current) {
    const data = settled.path === path || options.keepPrevious ? settled.data : undefined;
    return { status: 'loading', data, error: null, reload };
  }
  if (settled.error) return { status: 'error', data: settled.data, error: settled.error, reload };
  return { status: 'ok', data: settled.data as T, error: null, reload };
}
