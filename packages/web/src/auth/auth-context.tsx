import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { setCsrfToken } from '../api/client';
import { useApi } from '../api/use-api';
import { ErrorState, Loading } from '../ui/states';
import { loginHref, type Me } from './auth.types';

type Auth = { me: Me; reload: () => void };

const AuthContext = createContext<Auth | null>(null);

/**
 * Loads `/auth/me` once and holds the screens until it answers: a visitor who is not signed in
 * (or still owes the MFA code) goes to the login page, and comes back here afterwards.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { pathname, search } = useLocation();
  const me = useApi<Me>('/auth/me');
  const data = me.status === 'ok' ? me.data : null;
  useEffect(() => {
    if (data) setCsrfToken(data.csrfToken);
  }, [data]);

  if (me.status === 'loading' && !me.data) return <Loading />;
  if (me.status === 'error') {
    if (me.error.status === 401) return <Navigate to={loginHref(pathname + search)} replace />;
    return <ErrorState error={me.error} onRetry={me.reload} />;
  }
  const current = me.data!;
  if (current.mfaPending) return <Navigate to={loginHref(pathname + search)} replace />;
  return <AuthContext.Provider value={{ me: current, reload: me.reload }}>{children}</AuthContext.Provider>;
}

/** The signed-in person (inside the AuthGate only). */
export function useMe(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useMe() outside <AuthGate>');
  return auth;
}

/** Whether the signed-in person holds `permission`. */
export function useCan(): (permission: string) => boolean {
  const { me } = useMe();
  return (permission) => me.permissions.includes(permission);
}
