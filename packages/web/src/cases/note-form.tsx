import type { AddNoteRequest, CommandResult, NoteType } from '@quittance/api-contract';
import { useState, type FormEvent } from 'react';
import { apiPost } from '../api/client';
import { isNoteType, NOTE_TYPES } from '../api/enums';
import { useFormat, useT } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';

const MAX_NOTE_LENGTH = 10_000; // as AddNoteRequest in the contract

type Feedback = { kind: 'error' | 'success'; message: string } | null;

export function NoteForm({ caseId, onAdded }: { caseId: string; onAdded: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const [noteType, setNoteType] = useState<NoteType>('general');
  const [text, setText] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    if (text.trim() === '') {
      setFeedback({ kind: 'error', message: t('note.empty') });
      return;
    }
    if (text.length > MAX_NOTE_LENGTH) {
      setFeedback({ kind: 'error', message: t('note.tooLong', { max: fmt.integer(MAX_NOTE_LENGTH) }) });
      return;
    }
    setSubmitting(true);
    setFeedback(null);
    try {
      const body: AddNoteRequest = { text, noteType };
      await apiPost<CommandResult>(`/cases/${encodeURIComponent(caseId)}/notes`, body);
      setText('');
      setNoteType('general');
      setFeedback({ kind: 'success', message: t('note.added') });
      onAdded();
    } catch (error) {
      setFeedback({ kind: 'error', message: errorMessage(error, t) });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="note-form" onSubmit={(event) => void onSubmit(event)} aria-labelledby="note-form-title">
      <h3 id="note-form-title">{t('note.title')}</h3>
      <label className="field">
        <span className="field-label">{t('note.type')}</span>
        <select
          data-testid="note-type"
          value={noteType}
          onChange={(event) => {
            if (isNoteType(event.target.value)) setNoteType(event.target.value);
          }}
        >
          {NOTE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`noteType.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('note.text')}</span>
        <textarea
          data-testid="note-input"
          value={text}
          rows={3}
          maxLength={MAX_NOTE_LENGTH}
          placeholder={t('note.placeholder')}
          onChange={(event) => {
            setText(event.target.value);
            if (feedback?.kind === 'error') setFeedback(null);
          }}
        />
      </label>
      <div className="note-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="note-submit"
          disabled={submitting}
        >
          {submitting ? t('note.submitting') : t('note.submit')}
        </button>
        {feedback && (
          <span
            className={feedback.kind === 'error' ? 'form-error' : 'form-success'}
            role={feedback.kind === 'error' ? 'alert' : 'status'}
          >
            {feedback.message}
          </span>
        )}
      </div>
    </form>
  );
}
