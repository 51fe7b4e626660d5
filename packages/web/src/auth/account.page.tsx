import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { apiPost, setCsrfToken } from '../api/client';
import { useT } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { useMe } from './auth-context';
import { FormError } from './auth-ui';
import './auth.css';

type Enrolment = { secret: string; otpauthUri: string; qrSvg: string };

function ChangePassword() {
  const t = useT();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (next !== repeat) {
      setError(t('auth.password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiPost('/auth/password/change', { currentPassword: current, newPassword: next });
      // Every session of the account ends with the change, this one too: sign in again.
      setCsrfToken(null);
      void navigate('/app/login?changed=1', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="account-password">
      <h2 id="account-password">{t('profile.password.title')}</h2>
      <form className="auth-form account-form" onSubmit={submit} data-testid="password-form">
        <label className="field">
          <span className="field-label">{t('auth.password.current')}</span>
          <input
            type="password"
            data-testid="password-current"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('auth.password.new')}</span>
          <input
            type="password"
            data-testid="password-new"
            value={next}
            onChange={(event) => setNext(event.target.value)}
            autoComplete="new-password"
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('auth.password.repeat')}</span>
          <input
            type="password"
            data-testid="password-repeat"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            autoComplete="new-password"
            required
          />
        </label>
        <p className="muted small">
          {t('auth.password.policy')} {t('profile.password.signOut')}
        </p>
        {error && <FormError testId="password-error" message={error} />}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
            data-testid="password-submit"
          >
            {t('profile.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function MfaSection() {
  const t = useT();
  const { me, reload } = useMe();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const start = () => attempt(async () => setEnrolment(await apiPost<Enrolment>('/auth/mfa/enrol', {})));
  const confirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void attempt(async () => {
      const answer = await apiPost<{ recoveryCodes: string[] }>('/auth/mfa/confirm', { code: code.trim() });
      setRecoveryCodes(answer.recoveryCodes);
      setEnrolment(null);
      setCode('');
    });
  };
  const disable = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void attempt(async () => {
      await apiPost('/auth/mfa/disable', { password });
      setPassword('');
      reload();
    });
  };

  return (
    <section
      className="card"
      aria-labelledby="account-mfa"
      data-testid="mfa-section"
      data-enabled={me.user.mfaEnabled}
    >
      <h2 id="account-mfa">{t('profile.mfa.title')}</h2>
      {recoveryCodes ? (
        <div className="auth-form" data-testid="mfa-recovery">
          <p className="form-success" role="status">
            {t('profile.mfa.enabled')}
          </p>
          <p>
            <strong>{t('profile.mfa.recoveryTitle')}</strong> {t('profile.mfa.recoveryNote')}
          </p>
          <ul className="recovery-codes" data-testid="recovery-codes">
            {recoveryCodes.map((recovery) => (
              <li key={recovery} data-testid="recovery-code">
                {recovery}
              </li>
            ))}
          </ul>
          <div>
            <button
              type="button"
              className="button button-primary"
              data-testid="mfa-recovery-done"
              onClick={() => {
                setRecoveryCodes(null);
                reload();
              }}
            >
              {t('profile.mfa.recoverySaved')}
            </button>
          </div>
        </div>
      ) : me.user.mfaEnabled ? (
        <form className="auth-form account-form" onSubmit={disable} data-testid="mfa-disable-form">
          <p className="form-success" data-testid="mfa-status">
            {t('profile.mfa.on')}
          </p>
          <label className="field">
            <span className="field-label">{t('auth.password.current')}</span>
            <input
              type="password"
              data-testid="mfa-disable-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="current-password"
              required
            />
          </label>
          {error && <FormError testId="mfa-error" message={error} />}
          <div>
            <button type="submit" className="button button-danger" disabled={busy} data-testid="mfa-disable">
              {t('profile.mfa.disable')}
            </button>
          </div>
        </form>
      ) : enrolment ? (
        <form className="auth-form" onSubmit={confirm} data-testid="mfa-enrol-form">
          <p>{t('profile.mfa.scan')}</p>
          <div className="auth-qr">
            <img
              src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`}
              alt={t('profile.mfa.qrAlt')}
              data-testid="mfa-qr"
            />
            <div className="field">
              <span className="field-label">{t('profile.mfa.secret')}</span>
              <code className="auth-secret" data-testid="mfa-secret">
                {enrolment.secret}
              </code>
              <span className="muted small">{t('profile.mfa.secretHint')}</span>
            </div>
          </div>
          <label className="field account-form">
            <span className="field-label">{t('auth.mfa.code')}</span>
            <input
              data-testid="mfa-confirm-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              minLength={6}
              maxLength={10}
            />
          </label>
          {error && <FormError testId="mfa-error" message={error} />}
          <div className="inline-form">
            <button type="submit" className="button button-primary" disabled={busy} data-testid="mfa-confirm">
              {t('profile.mfa.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setEnrolment(null)}>
              {t('profile.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="auth-form">
          <p className="muted" data-testid="mfa-status">
            {t('profile.mfa.off')}
          </p>
          {error && <FormError testId="mfa-error" message={error} />}
          <div>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void start()}
              data-testid="mfa-enrol"
            >
              {t('profile.mfa.enrol')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** One's own account: who one is, the password, and the second factor. */
export function AccountPage() {
  const t = useT();
  const { me } = useMe();
  useDocumentTitle(t('profile.title'));
  const u = me.user;
  const none = t('common.none');
  return (
    <section className="page" data-testid="account-page">
      <div className="page-header">
        <h1>{t('profile.title')}</h1>
      </div>
      <section className="card" aria-labelledby="account-profile">
        <h2 id="account-profile">{t('profile.profile')}</h2>
        <dl className="kv">
          <div className="kv-row">
            <dt>{t('profile.displayName')}</dt>
            <dd data-testid="account-name">{u.displayName}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.username')}</dt>
            <dd className="mono">{u.username}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.email')}</dt>
            <dd>{u.email ?? none}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.roles')}</dt>
            <dd>{u.roles.join(', ') || none}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.team')}</dt>
            <dd>{u.team ?? none}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.supervisor')}</dt>
            <dd>{u.supervisor ?? none}</dd>
          </div>
          <div className="kv-row">
            <dt>{t('profile.tenant')}</dt>
            <dd>{me.tenant}</dd>
          </div>
        </dl>
      </section>
      {me.via === 'api-key' ? (
        <p className="notice" data-testid="account-api-key">
          {t('profile.viaApiKey')}
        </p>
      ) : (
        <>
          <ChangePassword />
          <MfaSection />
        </>
      )}
    </section>
  );
}
