import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useCan } from '../auth/auth-context';
import { FormError } from '../auth/auth-ui';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, errorMessage, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { Balances } from './agenda.page';
import { itemsOf, queryOf, type Absence, type TeamView } from './organisation.types';

function AbsenceForm({ people, onDone }: { people: readonly string[]; onDone: () => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [substitute, setSubstitute] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiPost('/absences', {
        username,
        substitute,
        from,
        to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setUsername('');
      setSubstitute('');
      setFrom('');
      setTo('');
      setReason('');
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const select = (value: string, set: (v: string) => void, testId: string) => (
    <select data-testid={testId} value={value} onChange={(event) => set(event.target.value)} required>
      <option value="" />
      {people.map((person) => (
        <option key={person} value={person}>
          {person}
        </option>
      ))}
    </select>
  );

  return (
    <form className="inline-form" onSubmit={submit} data-testid="absence-form">
      <label className="field">
        <span className="field-label">{t('team.absent')}</span>
        {select(username, setUsername, 'absence-user')}
      </label>
      <label className="field">
        <span className="field-label">{t('team.from')}</span>
        <input
          type="date"
          data-testid="absence-from"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span className="field-label">{t('team.to')}</span>
        <input
          type="date"
          data-testid="absence-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span className="field-label">{t('team.substitute')}</span>
        {select(substitute, setSubstitute, 'absence-substitute')}
      </label>
      <label className="field">
        <span className="field-label">{t('team.reason')}</span>
        <input data-testid="absence-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button button-primary" disabled={busy} data-testid="absence-submit">
        {t('team.recordAbsence')}
      </button>
      {error && <FormError testId="absence-error" message={error} />}
    </form>
  );
}

/** F5: the supervisor's team — workload, balances, who is away and who covers; absences. */
export function TeamPage() {
  const t = useT();
  const fmt = useFormat();
  const can = useCan();
  const [params] = useSearchParams();
  const supervisor = params.get('supervisor') ?? '';
  const team = useApi<TeamView>(`/team${queryOf({ supervisor })}`, { keepPrevious: true });
  const absences = useApi<Absence[] | { items: Absence[] }>('/absences');
  const [cancelError, setCancelError] = useState<string | null>(null);
  useDocumentTitle(t('team.title'));
  const members = team.data?.members ?? [];
  const people = members.map((member) => member.username);
  const inTeam = new Set(people);
  const absenceRows = itemsOf(absences.data).filter(
    (absence) => !absence.cancelled && (inTeam.size === 0 || inTeam.has(absence.username)),
  );

  const cancel = async (id: string) => {
    setCancelError(null);
    try {
      await apiPost(`/absences/${encodeURIComponent(id)}/cancel`, {});
      absences.reload();
      team.reload();
    } catch (caught) {
      setCancelError(errorMessage(caught, t));
    }
  };

  return (
    <section className="page" data-testid="team-page">
      <div className="page-header">
        <h1>{team.data ? t('team.titleOf', { supervisor: team.data.supervisor }) : t('team.title')}</h1>
      </div>
      {team.status === 'error' && <ErrorState error={team.error} onRetry={team.reload} />}
      {!team.data && team.status === 'loading' && <Loading />}
      {team.data && members.length === 0 && <EmptyState>{t('team.none')}</EmptyState>}
      {members.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="team-members">
            <thead>
              <tr>
                <th>{t('team.member')}</th>
                <th>{t('team.team')}</th>
                <th className="num">{t('team.openTasks')}</th>
                <th className="num">{t('team.overdueTasks')}</th>
                <th className="num">{t('team.cases')}</th>
                <th className="num">{t('team.balance')}</th>
                <th>{t('team.absence')}</th>
                <th>
                  <span className="visually-hidden">{t('tasks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.username} data-testid="team-member" data-username={member.username}>
                  <td>
                    {member.displayName}
                    <div className="muted small mono">{member.username}</div>
                  </td>
                  <td>{member.team ?? t('common.none')}</td>
                  <td className="num">{member.openTasks}</td>
                  <td className="num">
                    {member.overdueTasks > 0 ? (
                      <strong className="form-error">{member.overdueTasks}</strong>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">{member.cases}</td>
                  <td className="num">
                    <Balances balances={member.balances} />
                  </td>
                  <td data-testid="member-absence">
                    {member.absence
                      ? t('team.awayUntil', {
                          from: fmt.date(member.absence.from),
                          to: fmt.date(member.absence.to),
                          substitute: member.absence.substitute,
                        })
                      : t('common.none')}
                  </td>
                  <td className="nowrap">
                    <Link to={`/app/agenda${queryOf({ user: member.username })}`}>{t('team.agenda')}</Link>
                    {' · '}
                    <Link
                      to={`/app/tasks${queryOf({ assignee: member.username })}`}
                      data-testid="member-tasks"
                    >
                      {can('tasks:reassign') ? t('team.reassign') : t('team.tasks')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="card" aria-labelledby="team-absences">
        <h2 id="team-absences">{t('team.absences')}</h2>
        {absences.status === 'error' && <ErrorState error={absences.error} onRetry={absences.reload} />}
        {absences.data && absenceRows.length === 0 && <p className="muted">{t('team.noAbsences')}</p>}
        {absenceRows.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="team-absences">
              <thead>
                <tr>
                  <th>{t('team.absent')}</th>
                  <th>{t('team.from')}</th>
                  <th>{t('team.to')}</th>
                  <th>{t('team.substitute')}</th>
                  <th>{t('team.reason')}</th>
                  <th>
                    <span className="visually-hidden">{t('tasks.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {absenceRows.map((absence) => (
                  <tr key={absence.id} data-testid="absence-row" data-username={absence.username}>
                    <td>{absence.username}</td>
                    <td>{fmt.date(absence.from)}</td>
                    <td>{fmt.date(absence.to)}</td>
                    <td>{absence.substitute}</td>
                    <td>{absence.reason ?? t('common.none')}</td>
                    <td>
                      {can('tasks:reassign') && (
                        <button type="button" className="button" onClick={() => void cancel(absence.id)}>
                          {t('team.cancelAbsence')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cancelError && <FormError testId="absence-cancel-error" message={cancelError} />}
        {can('tasks:reassign') && people.length > 0 && (
          <AbsenceForm
            people={people}
            onDone={() => {
              absences.reload();
              team.reload();
            }}
          />
        )}
      </section>
    </section>
  );
}
