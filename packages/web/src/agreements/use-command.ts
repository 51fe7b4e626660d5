import { useCallback, useState } from 'react';
import { apiPost } from '../api/client';

/**
 * Posts the agreements' commands one at a time and keeps the last failure as it was thrown (an
 * ApiError, so that a caller can tell a four-eyes refusal from the rest) until the next attempt.
 * A success is `{ data }` (data may be null: some commands answer 201 without a body), a failure null.
 */
export function useCommand() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ tag: string; error: unknown } | null>(null);
  const run = useCallback(
    async <T>(tag: string, path: string, body: unknown): Promise<{ data: T } | null> => {
      setBusy(tag);
      setError(null);
      try {
        return { data: await apiPost<T>(path, body) };
      } catch (caught) {
        setError({ tag, error: caught });
        return null;
      } finally {
        setBusy(null);
      }
    },
    [],
  );
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
