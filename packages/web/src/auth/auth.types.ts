/** `GET /auth/me`: who is signed in, what they may open, and the CSRF token of their session. */
export type Me = {
  user: {
    id: string;
    username: string;
    displayName: string;
    email: string | null;
    roles: string[];
    team: string | null;
    supervisor: string | null;
    language: string;
    mfaEnabled: boolean;
  };
  tenant: string;
  permissions: string[];
  menu: { id: string; path: string }[];
  via: 'session' | 'api-key';
  mfaPending: boolean;
  csrfToken: string | null;
};

export type LoginResponse = {
  mfaRequired: boolean;
  csrfToken: string;
  user: { username: string; displayName: string };
};

export type SsoProvider = { name: string; label: string };

/** Where to go after signing in: a path of this app only (never another site). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/app') || next.startsWith('/app/login')) return '/app';
  return next;
}

/** The login page's address that comes back to `path` once signed in. */
export function loginHref(path: string): string {
  return path === '/app' || path === '/app/' ? '/app/login' : `/app/login?next=${encodeURIComponent(path)}`;
}
