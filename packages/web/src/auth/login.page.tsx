import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { apiGet, apiPost, setCsrfToken } from '../api/client';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n-context';
import { safeNext, type LoginResponse, type Me, type SsoProvider } from './auth.types';
import { FormError, PublicFrame, signInError, statusOf } from './auth-ui';

type Step = 'checking' | 'password' | 'mfa';

const SSO_ERRORS = {
  sso_failed: 'auth.login.ssoFailed',
  sso_unknown_user: 'auth.login.ssoUnknownUser',
} as const;

function SsoButtons({ next }: { next: string }) {
  const { t } = useI18n();
  // Single sign-on may not be set up (or not built): then the call fails and no button shows.
  const providers = useApi<SsoProvider[] | { items: SsoProvider[] }>('/auth/sso/providers');
  const list =
    providers.status === 'ok' ? (Array.isArray(providers.data) ? providers.data : providers.data.items) : [];
  if (!list?.length) return null;
  return (
    <div className="auth-sso" data-testid="sso-buttons">
      <span className="muted small">{t('auth.login.ssoOr')}</span>
      {list.map((provider) => (
        <a
          key={provider.name}
          className="button"
          data-testid="sso-button"
          data-provider={provider.name}
          href={`/api/v1/auth/sso/${encodeURIComponent(provider.name)}/start?returnTo=${encodeURIComponent(next)}`}
        >
          {t('auth.login.ssoWith', { provider: provider.label })}
        </a>
      ))}
    </div>
  );
}

/** Sign in: user name and password, then the authenticator's code when the account has MFA. */
export function LoginPage() {
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const tenantParam = params.get('tenant');
  const ssoError = params.get('error');
  const [step, setStep] = useState<Step>('checking');
  const [tenant, setTenant] = useState(tenantParam ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; status: number | undefined } | null>(null);

  // Already signed in (or half-way: the password given, the code not yet)?
  useEffect(() => {
    let live = true;
    apiGet<Me>('/auth/me').then(
      (me) => {
        if (!live) return;
        if (me.mfaPending) setStep('mfa');
        else if (me.via === 'session') void navigate(next, { replace: true });
        else setStep('password');
      },
      () => live && setStep('password'),
    );
    return () => {
      live = false;
    };
  }, [navigate, next]);

  const signIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await apiPost<LoginResponse>('/auth/login', {
        ...(tenant.trim() ? { tenant: tenant.trim() } : {}),
        username: username.trim(),
        password,
      });
      setCsrfToken(answer.csrfToken);
      setPassword('');
      if (answer.mfaRequired) setStep('mfa');
      else void navigate(next, { replace: true });
    } catch (caught) {
      setError({ message: signInError(caught, t, fmt.dateTime), status: statusOf(caught) });
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await apiPost<{ csrfToken: string }>('/auth/mfa/verify', { code: code.trim() });
      setCsrfToken(answer.csrfToken);
      void navigate(next, { replace: true });
    } catch (caught) {
      const status = statusOf(caught);
      setError({
        message: status === 401 ? t('auth.mfa.wrongCode') : signInError(caught, t, fmt.dateTime),
        status,
      });
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    await apiPost('/auth/logout', {}).catch(() => undefined);
    setCsrfToken(null);
    setError(null);
    setCode('');
    setStep('password');
  };

  if (step === 'checking') {
    return (
      <PublicFrame title={t('auth.login.title')}>
        <p className="muted">{t('common.loading')}</p>
      </PublicFrame>
    );
  }

  if (step === 'mfa') {
    return (
      <PublicFrame title={t('auth.mfa.title')}>
        <form className="auth-form" onSubmit={verify} data-testid="mfa-form">
          <p className="muted">{t(recovery ? 'auth.mfa.recoveryIntro' : 'auth.mfa.intro')}</p>
          <label className="field">
            <span className="field-label">{t(recovery ? 'auth.mfa.recoveryCode' : 'auth.mfa.code')}</span>
            <input
              data-testid="mfa-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="one-time-code"
              inputMode={recovery ? 'text' : 'numeric'}
              required
              minLength={6}
              maxLength={20}
              autoFocus
            />
          </label>
          {error && <FormError testId="mfa-error" message={error.message} status={error.status} />}
          <button type="submit" className="button button-primary" disabled={busy} data-testid="mfa-submit">
            {t('auth.mfa.submit')}
          </button>
          <div className="auth-links">
            <button
              type="button"
              className="button-link"
              data-testid="mfa-use-recovery"
              onClick={() => {
                setRecovery(!recovery);
                setCode('');
              }}
            >
              {t(recovery ? 'auth.mfa.useCode' : 'auth.mfa.useRecovery')}
            </button>
            <button type="button" className="button-link" onClick={() => void startOver()}>
              {t('auth.mfa.startOver')}
            </button>
          </div>
        </form>
      </PublicFrame>
    );
  }

  const ssoMessage =
    ssoError && ssoError in SSO_ERRORS ? SSO_ERRORS[ssoError as keyof typeof SSO_ERRORS] : null;
  return (
    <PublicFrame title={t('auth.login.title')}>
      <form className="auth-form" onSubmit={signIn} data-testid="login-form">
        {ssoMessage && <FormError testId="sso-error" message={t(ssoMessage)} />}
        {tenantParam !== null && (
          <label className="field">
            <span className="field-label">{t('auth.login.tenant')}</span>
            <input
              data-testid="login-tenant"
              value={tenant}
              onChange={(event) => setTenant(event.target.value)}
              autoComplete="organization"
              required
            />
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('auth.login.username')}</span>
          <input
            data-testid="login-username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field-label">{t('auth.login.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {error && <FormError testId="login-error" message={error.message} status={error.status} />}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="login-submit">
          {t('auth.login.submit')}
        </button>
        <div className="auth-links">
          <Link
            to={`/app/forgot-password${tenantParam ? `?tenant=${encodeURIComponent(tenantParam)}` : ''}`}
            data-testid="login-forgot"
          >
            {t('auth.login.forgot')}
          </Link>
        </div>
      </form>
      <SsoButtons next={next} />
    </PublicFrame>
  );
}
