import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiPost } from '../api/client';
import { useT } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';
import { FormError, PublicFrame } from './auth-ui';

/** Asks for a reset link by email; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const t = useT();
  const [params] = useSearchParams();
  const tenant = params.get('tenant');
  const [username, setUsername] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiPost('/auth/password/forgot', { ...(tenant ? { tenant } : {}), username: username.trim() });
      setSent(true);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t('auth.forgot.title')}>
      {sent ? (
        <p className="form-success" role="status" data-testid="forgot-sent">
          {t('auth.forgot.sent')}
        </p>
      ) : (
        <form className="auth-form" onSubmit={submit} data-testid="forgot-form">
          <p className="muted">{t('auth.forgot.intro')}</p>
          <label className="field">
            <span className="field-label">{t('auth.forgot.username')}</span>
            <input
              data-testid="forgot-username"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              autoComplete="username"
              required
              autoFocus
            />
          </label>
          {error && <FormError testId="forgot-error" message={error} />}
          <button type="submit" className="button button-primary" disabled={busy} data-testid="forgot-submit">
            {t('auth.forgot.submit')}
          </button>
        </form>
      )}
      <div className="auth-links">
        <Link to={`/app/login${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`}>
          {t('auth.backToLogin')}
        </Link>
      </div>
    </PublicFrame>
  );
}
