import { useApi } from '../api/use-api';
import { useCan } from '../auth/auth-context';
import type { TeamView } from './organisation.types';

/** The user names a supervisor may hand work to (their team), for the reassign forms' suggestions. */
export function usePeople(): string[] {
  const can = useCan();
  const team = useApi<TeamView>(can('team:read') ? '/team' : null);
  return team.status === 'ok' ? team.data.members.map((member) => member.username) : [];
}
