import { useState, type FormEvent } from 'react';
import { apiPost } from '../api/client';
import { FormError } from '../auth/auth-ui';
import { useT } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';

/** "Complete" on a task row: opens a line for an optional outcome, then posts it. */
export function CompleteTask({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiPost(
        `/tasks/${encodeURIComponent(taskId)}/complete`,
        outcome.trim() ? { outcome: outcome.trim() } : {},
      );
      setOpen(false);
      setOutcome('');
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="task-complete">
        {t('tasks.complete')}
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} data-testid="task-complete-form">
      <label className="field">
        <span className="visually-hidden">{t('tasks.outcome')}</span>
        <input
          data-testid="task-outcome"
          value={outcome}
          placeholder={t('tasks.outcomePlaceholder')}
          maxLength={1000}
          onChange={(event) => setOutcome(event.target.value)}
          autoFocus
        />
      </label>
      <button
        type="submit"
        className="button button-primary"
        disabled={busy}
        data-testid="task-complete-confirm"
      >
        {t('tasks.completeConfirm')}
      </button>
      <button type="button" className="button button-link" onClick={() => setOpen(false)}>
        {t('tasks.cancel')}
      </button>
      {error && <FormError testId="task-error" message={error} />}
    </form>
  );
}

/** "Reassign" on a task row (for those with tasks:reassign): to whom, and why. */
export function ReassignTask({
  taskId,
  people,
  onDone,
}: {
  taskId: string;
  people: readonly string[];
  onDone: () => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listId = `reassign-people-${taskId}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiPost(`/tasks/${encodeURIComponent(taskId)}/reassign`, {
        assignee: assignee.trim(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setOpen(false);
      setAssignee('');
      setReason('');
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="task-reassign">
        {t('tasks.reassign')}
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} data-testid="task-reassign-form">
      <label className="field">
        <span className="field-label">{t('tasks.newAssignee')}</span>
        <input
          data-testid="reassign-assignee"
          value={assignee}
          list={listId}
          required
          onChange={(event) => setAssignee(event.target.value)}
          autoFocus
        />
        <datalist id={listId}>
          {people.map((person) => (
            <option key={person} value={person} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span className="field-label">{t('tasks.reason')}</span>
        <input
          data-testid="reassign-reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" className="button button-primary" disabled={busy} data-testid="reassign-confirm">
        {t('tasks.reassignConfirm')}
      </button>
      <button type="button" className="button button-link" onClick={() => setOpen(false)}>
        {t('tasks.cancel')}
      </button>
      {error && <FormError testId="reassign-error" message={error} />}
    </form>
  );
}
