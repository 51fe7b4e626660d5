import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { apiPost } from '../api/client';
import { useT } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';
import { FormError, PublicFrame } from './auth-ui';

/** The emailed link's page: `/app/reset-password#token=…` (a fragment never reaches a server log). */
export function ResetPasswordPage() {
  const t = useT();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password !== repeat) {
      setError(t('auth.password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiPost('/auth/password/reset', { token, password });
      setDone(true);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t('auth.reset.title')}>
      {!token ? (
        <FormError testId="reset-error" message={t('auth.reset.noToken')} />
      ) : done ? (
        <p className="form-success" role="status" data-testid="reset-done">
          {t('auth.reset.done')}
        </p>
      ) : (
        <form className="auth-form" onSubmit={submit} data-testid="reset-form">
          <label className="field">
            <span className="field-label">{t('auth.password.new')}</span>
            <input
              data-testid="reset-password"
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="new-password"
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span className="field-label">{t('auth.password.repeat')}</span>
            <input
              data-testid="reset-repeat"
              type="password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              autoComplete="new-password"
              required
            />
          </label>
          <p className="muted small">{t('auth.password.policy')}</p>
          {error && <FormError testId="reset-error" message={error} />}
          <button type="submit" className="button button-primary" disabled={busy} data-testid="reset-submit">
            {t('auth.reset.submit')}
          </button>
        </form>
      )}
      <div className="auth-links">
        <Link to="/app/login">{t('auth.backToLogin')}</Link>
      </div>
    </PublicFrame>
  );
}
