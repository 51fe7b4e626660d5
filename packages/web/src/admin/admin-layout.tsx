import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { useDocumentTitle } from '../ui/use-document-title';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

/** Administration (F5, L2): users, roles and their permissions, API keys. */
export function AdminLayout() {
  const t = useT();
  useDocumentTitle(t('admin.title'));
  return (
    <section className="page">
      <nav className="tabs" aria-label={t('admin.tabs')}>
        <NavLink to="/app/admin/users" className={tabClass} data-testid="admin-tab-users">
          {t('admin.tab.users')}
        </NavLink>
        <NavLink to="/app/admin/roles" className={tabClass} data-testid="admin-tab-roles">
          {t('admin.tab.roles')}
        </NavLink>
        <NavLink to="/app/admin/api-keys" className={tabClass} data-testid="admin-tab-api-keys">
          {t('admin.tab.apiKeys')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
