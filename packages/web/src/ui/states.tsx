import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useT, type Translate } from '../i18n/i18n-context';

export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.problem) return error.problem.detail ?? error.problem.title;
    if (error.status === 0) return t('error.network');
    return t('error.http', { status: error.status });
  }
  return t('error.unexpected');
}

export function Loading() {
  const t = useT();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const issues = error instanceof ApiError ? (error.problem?.issues ?? []) : [];
  return (
    <div className="state state-error" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{errorMessage(error, t)}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}
