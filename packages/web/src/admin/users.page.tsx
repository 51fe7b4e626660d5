import { useState, type FormEvent } from 'react';
import { apiPatch, apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { FormError } from '../auth/auth-ui';
import { useFormat, useT } from '../i18n/i18n-context';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { toggle, type Roles, type User } from './admin.types';

const NOW = () => Date.now();

type Draft = {
  displayName: string;
  email: string;
  roles: string[];
  team: string;
  supervisor: string;
  status: 'active' | 'disabled';
};

function RoleChecks({
  roles,
  value,
  onChange,
  testId,
}: {
  roles: Roles | undefined;
  value: string[];
  onChange: (roles: string[]) => void;
  testId: string;
}) {
  return (
    <div className="inline-form" data-testid={testId}>
      {(roles?.items ?? []).map((role) => (
        <label key={role.code} className="check">
          <input
            type="checkbox"
            data-role={role.code}
            checked={value.includes(role.code)}
            onChange={(event) => onChange(toggle(value, role.code, event.target.checked))}
          />
          {role.name}
        </label>
      ))}
    </div>
  );
}

function UserForm({
  user,
  roles,
  users,
  onDone,
  onCancel,
}: {
  user: User | null;
  roles: Roles | undefined;
  users: readonly User[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [draft, setDraft] = useState<Draft>({
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    roles: user?.roles ?? [],
    team: user?.team ?? '',
    supervisor: user?.supervisor ?? '',
    status: user?.status ?? 'active',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<Draft>) => setDraft({ ...draft, ...changes });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const common = {
      displayName: draft.displayName.trim(),
      email: draft.email.trim() || null,
      roles: draft.roles,
      team: draft.team.trim() || null,
      supervisor: draft.supervisor || null,
    };
    try {
      if (user) {
        await apiPatch(`/users/${encodeURIComponent(user.id)}`, { ...common, status: draft.status });
      } else {
        await apiPost('/users', { ...common, username: username.trim(), password: password || null });
      }
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card auth-form"
      onSubmit={submit}
      data-testid={user ? 'user-edit-form' : 'user-create-form'}
    >
      <h2>{user ? t('admin.users.editTitle', { user: user.username }) : t('admin.users.createTitle')}</h2>
      <div className="inline-form">
        {!user && (
          <label className="field">
            <span className="field-label">{t('admin.users.username')}</span>
            <input
              data-testid="user-username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              minLength={2}
              maxLength={63}
            />
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('admin.users.displayName')}</span>
          <input
            data-testid="user-display-name"
            value={draft.displayName}
            onChange={(e) => set({ displayName: e.target.value })}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('admin.users.email')}</span>
          <input
            type="email"
            data-testid="user-email"
            value={draft.email}
            onChange={(e) => set({ email: e.target.value })}
          />
        </label>
        {!user && (
          <label className="field">
            <span className="field-label">{t('admin.users.password')}</span>
            <input
              type="password"
              data-testid="user-password"
              value={password}
              autoComplete="new-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('admin.users.team')}</span>
          <input data-testid="user-team" value={draft.team} onChange={(e) => set({ team: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t('admin.users.supervisor')}</span>
          <select
            data-testid="user-supervisor"
            value={draft.supervisor}
            onChange={(e) => set({ supervisor: e.target.value })}
          >
            <option value="">{t('common.none')}</option>
            {users
              .filter((other) => other.id !== user?.id)
              .map((other) => (
                <option key={other.id} value={other.username}>
                  {other.displayName} ({other.username})
                </option>
              ))}
          </select>
        </label>
        {user && (
          <label className="field">
            <span className="field-label">{t('admin.users.status')}</span>
            <select
              data-testid="user-status"
              value={draft.status}
              onChange={(e) => set({ status: e.target.value === 'disabled' ? 'disabled' : 'active' })}
            >
              <option value="active">{t('admin.users.status.active')}</option>
              <option value="disabled">{t('admin.users.status.disabled')}</option>
            </select>
          </label>
        )}
      </div>
      {!user && <p className="muted small">{t('admin.users.passwordHint')}</p>}
      <div className="field">
        <span className="field-label">{t('admin.users.roles')}</span>
        <RoleChecks
          roles={roles}
          value={draft.roles}
          onChange={(next) => set({ roles: next })}
          testId="user-roles"
        />
      </div>
      {error && <FormError testId="user-error" message={error} />}
      <div className="inline-form">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="user-save">
          {user ? t('admin.save') : t('admin.users.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The tenant's users: roles, status, MFA and lock-out; create, change, unlock, reset MFA. */
export function UsersPage() {
  const t = useT();
  const fmt = useFormat();
  const users = useApi<{ items: User[] }>('/users');
  const roles = useApi<Roles>('/roles');
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const rows = users.data?.items ?? [];
  const roleName = (code: string) => roles.data?.items.find((role) => role.code === code)?.name ?? code;

  const act = async (path: string) => {
    setActionError(null);
    try {
      await apiPost(path, {});
      users.reload();
    } catch (caught) {
      setActionError(errorMessage(caught, t));
    }
  };
  const done = () => {
    setEditing(null);
    users.reload();
  };

  return (
    <div className="page" data-testid="users-page">
      <div className="page-header">
        <h1>{t('admin.users.title')}</h1>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setEditing('new')}
          data-testid="user-new"
        >
          {t('admin.users.new')}
        </button>
      </div>
      {editing === 'new' && (
        <UserForm
          user={null}
          roles={roles.data}
          users={rows}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      )}
      {users.status === 'error' && <ErrorState error={users.error} onRetry={users.reload} />}
      {!users.data && users.status === 'loading' && <Loading />}
      {actionError && <FormError testId="users-action-error" message={actionError} />}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('admin.users.user')}</th>
                <th>{t('admin.users.roles')}</th>
                <th>{t('admin.users.team')}</th>
                <th>{t('admin.users.supervisor')}</th>
                <th>{t('admin.users.status')}</th>
                <th>{t('admin.users.mfa')}</th>
                <th>{t('admin.users.lastLogin')}</th>
                <th>
                  <span className="visually-hidden">{t('tasks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => {
                const locked = user.lockedUntil !== null && Date.parse(user.lockedUntil) > NOW();
                return [
                  <tr
                    key={user.id}
                    data-testid="user-row"
                    data-username={user.username}
                    data-status={user.status}
                    data-locked={locked}
                    data-mfa={user.mfaEnabled}
                  >
                    <td>
                      {user.displayName}
                      <div className="muted small mono">{user.username}</div>
                      {user.email && <div className="muted small">{user.email}</div>}
                    </td>
                    <td>
                      <span className="badges">
                        {user.roles.map((code) => (
                          <span key={code} className="badge badge-role">
                            {roleName(code)}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td>{user.team ?? t('common.none')}</td>
                    <td>{user.supervisor ?? t('common.none')}</td>
                    <td>
                      {t(`admin.users.status.${user.status}`)}
                      {locked && (
                        <div className="form-error small" data-testid="user-locked">
                          {t('admin.users.lockedUntil', { until: fmt.dateTime(user.lockedUntil!) })}
                        </div>
                      )}
                    </td>
                    <td>
                      {user.mfaEnabled ? t('common.yes') : t('common.no')}
                      {user.sso && <div className="muted small">{t('admin.users.sso')}</div>}
                    </td>
                    <td>{user.lastLoginAt ? fmt.dateTime(user.lastLoginAt) : t('common.none')}</td>
                    <td>
                      <div className="inline-form">
                        <button
                          type="button"
                          className="button"
                          data-testid="user-edit"
                          onClick={() => setEditing(editing === user.id ? null : user.id)}
                        >
                          {t('admin.edit')}
                        </button>
                        {locked && (
                          <button
                            type="button"
                            className="button"
                            data-testid="user-unlock"
                            onClick={() => void act(`/users/${encodeURIComponent(user.id)}/unlock`)}
                          >
                            {t('admin.users.unlock')}
                          </button>
                        )}
                        {user.mfaEnabled && (
                          <button
                            type="button"
                            className="button"
                            data-testid="user-reset-mfa"
                            onClick={() => {
                              if (window.confirm(t('admin.users.resetMfaConfirm', { user: user.username })))
                                void act(`/users/${encodeURIComponent(user.id)}/reset-mfa`);
                            }}
                          >
                            {t('admin.users.resetMfa')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>,
                  editing === user.id && (
                    <tr key={`${user.id}-edit`}>
                      <td colSpan={8}>
                        <UserForm
                          user={user}
                          roles={roles.data}
                          users={rows}
                          onDone={done}
                          onCancel={() => setEditing(null)}
                        />
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
