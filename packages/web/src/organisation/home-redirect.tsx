import { Navigate } from 'react-router';
import { useMe } from '../auth/auth-context';

/** `/app`: the collector's agenda when the menu offers it, else the case list. */
export function HomeRedirect() {
  const { me } = useMe();
  const home =
    me.menu.find((entry) => entry.id === 'agenda') ?? me.menu.find((entry) => entry.id === 'cases');
  return <Navigate to={home?.path ?? '/app/account'} replace />;
}
