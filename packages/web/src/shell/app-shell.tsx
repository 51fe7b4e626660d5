import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { apiPost, setCsrfToken } from '../api/client';
import { useMe } from '../auth/auth-context';
import '../auth/auth.css';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';
import { isLanguage, LANGUAGES, type Language } from '../i18n/messages';

// Language names are written in their own language, whatever the current one.
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

/**
 * The screens behind each menu entry the server may list (`/auth/me`'s menu: only what the user
 * may open). An entry without a screen here is not shown. `also`: paths that light the entry too.
 */
const MENU_ENTRIES: Record<string, { label: MessageKey; testId: string; also?: string[] }> = {
  agenda: { label: 'nav.agenda', testId: 'nav-agenda' },
  tasks: { label: 'nav.tasks', testId: 'nav-tasks' },
  cases: { label: 'nav.cases', testId: 'nav-cases', also: ['/app/parties'] },
  agreements: { label: 'nav.agreements', testId: 'nav-agreements' },
  payments: { label: 'nav.payments', testId: 'nav-payments' },
  ledger: { label: 'nav.accounting', testId: 'nav-accounting' },
  interest: { label: 'nav.interest', testId: 'nav-interest' },
  dunning: { label: 'nav.dunning', testId: 'nav-dunning' },
  rules: { label: 'nav.rules', testId: 'nav-rules' },
  team: { label: 'nav.team', testId: 'nav-team' },
  users: { label: 'nav.admin', testId: 'nav-admin', also: ['/app/admin'] },
  audit: { label: 'nav.audit', testId: 'nav-audit' },
};

export function AppShell() {
  const { t, language, setLanguage } = useI18n();
  const { me } = useMe();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const home = me.menu.some((entry) => entry.id === 'agenda') ? '/app/agenda' : '/app/cases';

  const signOut = async () => {
    await apiPost('/auth/logout', {}).catch(() => undefined);
    setCsrfToken(null);
    void navigate('/app/login', { replace: true });
  };

  return (
    <div className="shell">
      <header className="topbar">
        <Link to={home} className="brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="topnav" aria-label={t('nav.label')}>
          {me.menu.map((item) => {
            const entry = MENU_ENTRIES[item.id];
            if (!entry) return null;
            const lit = (entry.also ?? []).some((prefix) => pathname.startsWith(prefix));
            return (
              <NavLink
                key={item.id}
                to={item.path}
                className={({ isActive }) => (isActive || lit ? 'topnav-link active' : 'topnav-link')}
                data-testid={entry.testId}
              >
                {t(entry.label)}
              </NavLink>
            );
          })}
        </nav>
        <div className="topbar-user">
          <Link to="/app/account" data-testid="nav-account" title={me.user.username}>
            {me.user.displayName}
          </Link>
          <button type="button" className="button" onClick={() => void signOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
        </div>
        <label className="lang-switch">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select
            data-testid="lang-switch"
            value={language}
            onChange={(event) => {
              if (isLanguage(event.target.value)) setLanguage(event.target.value);
            }}
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {LANGUAGE_NAMES[lang]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
