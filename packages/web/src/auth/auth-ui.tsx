import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n, type Translate } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import './auth.css';

/** The frame of the pages one opens without being signed in: the brand and one card. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(title);
  return (
    <div className="auth-frame">
      <main className="auth-card card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span className="auth-brand-name">{t('app.name')}</span>
        </div>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

/**
 * What a refused sign-in says: a wrong password, a lock-out with its end, a pause to take
 * (HTTP 429), or the server's own words for the rest.
 */
export function signInError(error: unknown, t: Translate, formatInstant: (iso: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('auth.error.wrongPassword');
    if (error.status === 423) {
      const until = /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(error.problem?.detail ?? '')?.[0];
      return until ? t('auth.error.lockedUntil', { until: formatInstant(until) }) : t('auth.error.locked');
    }
    if (error.status === 429) {
      const seconds = error.retryAfter ?? Number(/(\d+) s\b/.exec(error.problem?.detail ?? '')?.[1] ?? NaN);
      return Number.isFinite(seconds) ? t('auth.error.slowDownFor', { seconds }) : t('auth.error.slowDown');
    }
  }
  return errorMessage(error, t);
}

/** A failure shown under a form, with the HTTP status for the tests to tell them apart. */
export function FormError({ message, status, testId }: { message: string; status?: number; testId: string }) {
  return (
    <p className="form-error" role="alert" data-testid={testId} data-status={status ?? ''}>
      {message}
    </p>
  );
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.status : undefined;
}
