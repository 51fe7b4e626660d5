import { useState, type FormEvent } from 'react';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { FormError } from '../auth/auth-ui';
import { useFormat, useT } from '../i18n/i18n-context';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { toggle, type ApiKey, type Roles } from './admin.types';

/** API keys for integrations: created with scopes (the key is shown this once), revoked at will. */
export function ApiKeysPage() {
  const t = useT();
  const fmt = useFormat();
  const keys = useApi<{ items: ApiKey[] }>('/api-keys');
  const roles = useApi<Roles>('/roles');
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = keys.data?.items ?? [];

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (scopes.length === 0) {
      setError(t('admin.keys.noScope'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await apiPost<{ id: string; key: string }>('/api-keys', {
        name: name.trim(),
        scopes,
        ...(owner.trim() ? { owner: owner.trim() } : {}),
        ...(expiresOn ? { expiresOn } : {}),
      });
      setCreated({ name: name.trim(), key: answer.key });
      setName('');
      setOwner('');
      setExpiresOn('');
      setScopes([]);
      keys.reload();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('admin.keys.revokeConfirm', { name: key.name }))) return;
    setError(null);
    try {
      await apiPost(`/api-keys/${encodeURIComponent(key.id)}/revoke`, {});
      keys.reload();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <div className="page" data-testid="api-keys-page">
      <div className="page-header">
        <h1>{t('admin.keys.title')}</h1>
      </div>
      {created && (
        <div className="card notice" role="status" data-testid="api-key-created">
          <p>
            <strong>{t('admin.keys.createdTitle', { name: created.name })}</strong>{' '}
            {t('admin.keys.createdNote')}
          </p>
          <code className="auth-secret" data-testid="api-key-value">
            {created.key}
          </code>
          <div>
            <button type="button" className="button" onClick={() => setCreated(null)}>
              {t('admin.keys.copied')}
            </button>
          </div>
        </div>
      )}
      <form className="card auth-form" onSubmit={create} data-testid="api-key-form">
        <h2>{t('admin.keys.create')}</h2>
        <div className="inline-form">
          <label className="field">
            <span className="field-label">{t('admin.keys.name')}</span>
            <input
              data-testid="api-key-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
            />
          </label>
          <label className="field">
            <span className="field-label">{t('admin.keys.owner')}</span>
            <input
              data-testid="api-key-owner"
              value={owner}
              placeholder={t('admin.keys.ownerHint')}
              onChange={(e) => setOwner(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('admin.keys.expiresOn')}</span>
            <input
              type="date"
              data-testid="api-key-expires"
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.target.value)}
            />
          </label>
        </div>
        <fieldset className="field">
          <legend className="field-label">{t('admin.keys.scopes')}</legend>
          <div className="inline-form" data-testid="api-key-scopes">
            {(roles.data?.permissions ?? []).map((permission) => (
              <label key={permission} className="check">
                <input
                  type="checkbox"
                  data-scope={permission}
                  checked={scopes.includes(permission)}
                  onChange={(event) => setScopes(toggle(scopes, permission, event.target.checked))}
                />
                <span className="mono">{permission}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {error && <FormError testId="api-key-error" message={error} />}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
            data-testid="api-key-create"
          >
            {t('admin.keys.createButton')}
          </button>
        </div>
      </form>
      {keys.status === 'error' && <ErrorState error={keys.error} onRetry={keys.reload} />}
      {!keys.data && keys.status === 'loading' && <Loading />}
      {keys.data && rows.length === 0 && <p className="muted">{t('admin.keys.none')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="api-keys-table">
            <thead>
              <tr>
                <th>{t('admin.keys.name')}</th>
                <th>{t('admin.keys.owner')}</th>
                <th>{t('admin.keys.scopes')}</th>
                <th>{t('admin.keys.created')}</th>
                <th>{t('admin.keys.expiresOn')}</th>
                <th>{t('admin.keys.lastUsed')}</th>
                <th>
                  <span className="visually-hidden">{t('tasks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((key) => (
                <tr
                  key={key.id}
                  data-testid="api-key-row"
                  data-name={key.name}
                  data-revoked={key.revokedAt !== null}
                >
                  <td>
                    {key.name}
                    <div className="muted small mono">{key.prefix}…</div>
                  </td>
                  <td>{key.owner}</td>
                  <td className="small mono">{key.scopes.join(', ')}</td>
                  <td>
                    {fmt.dateTime(key.createdAt)}
                    <div className="muted small">{key.createdBy}</div>
                  </td>
                  <td>{key.expiresAt ? fmt.dateTime(key.expiresAt) : t('common.none')}</td>
                  <td>{key.lastUsedAt ? fmt.dateTime(key.lastUsedAt) : t('common.none')}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="muted">
                        {t('admin.keys.revokedOn', { date: fmt.dateTime(key.revokedAt) })}
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button-danger"
                        onClick={() => void revoke(key)}
                        data-testid="api-key-revoke"
                      >
                        {t('admin.keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
