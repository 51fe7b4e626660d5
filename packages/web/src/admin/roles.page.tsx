import { useState, type FormEvent } from 'react';
import { apiPut } from '../api/client';
import { useApi } from '../api/use-api';
import { FormError } from '../auth/auth-ui';
import { useT } from '../i18n/i18n-context';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { toggle, type Role, type Roles } from './admin.types';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v) => b.includes(v));

/** Roles as a matrix: one row per role, one column per permission; a row saves on its own. */
export function RolesPage() {
  const t = useT();
  const roles = useApi<Roles>('/roles');
  // Unsaved changes by role code; a new role lives here until it is saved.
  const [drafts, setDrafts] = useState<Record<string, Role>>({});
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const permissions = roles.data?.permissions ?? [];
  const saved = roles.data?.items ?? [];
  const rows: Role[] = [
    ...saved.map((role) => drafts[role.code] ?? role),
    ...Object.values(drafts).filter((draft) => !saved.some((role) => role.code === draft.code)),
  ];
  const isDirty = (role: Role) => {
    const original = saved.find((r) => r.code === role.code);
    return !original || original.name !== role.name || !sameSet(original.permissions, role.permissions);
  };

  const edit = (role: Role, changes: Partial<Role>) =>
    setDrafts((current) => ({ ...current, [role.code]: { ...role, ...changes } }));

  const save = async (role: Role) => {
    setBusy(role.code);
    setError(null);
    try {
      await apiPut(`/roles/${encodeURIComponent(role.code)}`, {
        name: role.name,
        permissions: role.permissions,
      });
      setDrafts(({ [role.code]: _saved, ...rest }) => rest);
      roles.reload();
    } catch (caught) {
      setError({ code: role.code, message: errorMessage(caught, t) });
    } finally {
      setBusy(null);
    }
  };

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (!trimmed || rows.some((role) => role.code === trimmed)) {
      setError({ code: trimmed, message: t('admin.roles.exists') });
      return;
    }
    setDrafts((current) => ({
      ...current,
      [trimmed]: { code: trimmed, name: name.trim() || trimmed, permissions: [], builtin: false },
    }));
    setCode('');
    setName('');
  };

  return (
    <div className="page" data-testid="roles-page">
      <div className="page-header">
        <h1>{t('admin.roles.title')}</h1>
      </div>
      <p className="muted">{t('admin.roles.intro')}</p>
      {roles.status === 'error' && <ErrorState error={roles.error} onRetry={roles.reload} />}
      {!roles.data && roles.status === 'loading' && <Loading />}
      {roles.data && (
        <div className="table-wrap card">
          <table className="table admin-matrix" data-testid="roles-matrix">
            <thead>
              <tr>
                <th>{t('admin.roles.role')}</th>
                {permissions.map((permission) => (
                  <th key={permission} className="perm" scope="col">
                    {permission}
                  </th>
                ))}
                <th>
                  <span className="visually-hidden">{t('tasks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((role) => (
                <tr key={role.code} data-testid="role-row" data-role={role.code}>
                  <td>
                    <input
                      aria-label={t('admin.roles.name')}
                      data-testid="role-name"
                      value={role.name}
                      onChange={(event) => edit(role, { name: event.target.value })}
                    />
                    <div className="muted small mono">
                      {role.code}
                      {role.builtin && ` · ${t('admin.roles.builtin')}`}
                    </div>
                    {error?.code === role.code && <FormError testId="role-error" message={error.message} />}
                  </td>
                  {permissions.map((permission) => (
                    <td key={permission} className="perm">
                      <input
                        type="checkbox"
                        aria-label={`${role.name}: ${permission}`}
                        data-permission={permission}
                        checked={role.permissions.includes(permission)}
                        onChange={(event) =>
                          edit(role, {
                            permissions: toggle(role.permissions, permission, event.target.checked),
                          })
                        }
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={!isDirty(role) || busy === role.code}
                      onClick={() => void save(role)}
                      data-testid="role-save"
                    >
                      {t('admin.save')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="filters" onSubmit={add} data-testid="role-create-form">
        <label className="field">
          <span className="field-label">{t('admin.roles.code')}</span>
          <input
            data-testid="role-new-code"
            value={code}
            pattern="[a-z][a-z0-9-]{1,40}"
            onChange={(event) => setCode(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('admin.roles.name')}</span>
          <input data-testid="role-new-name" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button" data-testid="role-add">
            {t('admin.roles.add')}
          </button>
        </div>
        {error && !rows.some((role) => role.code === error.code) && (
          <FormError testId="role-create-error" message={error.message} />
        )}
      </form>
    </div>
  );
}
