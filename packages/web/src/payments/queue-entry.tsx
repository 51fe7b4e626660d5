import { useState } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import { useFormat, useT } from '../i18n/i18n-context';
import { caseHref } from '../ledger/ledger.params';
import { Amount } from '../ui/amount';
import { errorMessage } from '../ui/states';
import { rankSuggestions, suggestionAssignment, suggestionSurplus } from './cash-application';
import { ManualAssign } from './manual-assign';
import { bankEntryStatusName, confidenceLevel, matchRuleName } from './payments.labels';
import type { AssignResult, BankEntry, MatchSuggestion } from './payments.types';

export function ConfidenceBadge({ confidence }: { confidence: number }) {
  const t = useT();
  const level = confidenceLevel(confidence);
  return (
    <span
      className={`badge badge-confidence-${level}`}
      title={t(`confidence.${level}`)}
      aria-label={`${t('confidence.label')} ${t('confidence.value', { value: confidence })}`}
      data-testid="suggestion-confidence"
      data-level={level}
      data-value={confidence}
    >
      {t('confidence.value', { value: confidence })}
    </span>
  );
}

export function BankEntryStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={`badge badge-entry-${status}`} data-testid="bank-entry-status" data-status={status}>
      {bankEntryStatusName(status, t)}
    </span>
  );
}

function SuggestionRow({
  entry,
  suggestion,
  busy,
  pending,
  onAllocate,
}: {
  entry: BankEntry;
  suggestion: MatchSuggestion;
  /** Some assignment of this entry is on its way: no second click. */
  busy: boolean;
  /** This suggestion's is. */
  pending: boolean;
  onAllocate: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const surplus = suggestionSurplus(entry, suggestion);
  const caseLabel = suggestion.caseNumber ?? t('suggestion.unknownCase');
  return (
    <li
      className="suggestion"
      data-testid="queue-suggestion"
      data-rule={suggestion.rule}
      data-confidence={suggestion.confidence}
      data-case-id={suggestion.caseId}
    >
      <div className="suggestion-head">
        <ConfidenceBadge confidence={suggestion.confidence} />
        <span className="suggestion-rule" data-testid="suggestion-rule">
          {matchRuleName(suggestion.rule, t)}
        </span>
        <span className="suggestion-case">
          <span className="muted">{t('suggestion.case')}</span>{' '}
          <Link to={caseHref(suggestion.caseId)} className="mono" data-testid="suggestion-case">
            {caseLabel}
          </Link>
          {suggestion.debtorName && (
            <>
              {' · '}
              <span data-testid="suggestion-debtor">{suggestion.debtorName}</span>
            </>
          )}
        </span>
      </div>
      {suggestion.allocations.length > 0 && (
        <p className="suggestion-invoices" data-testid="suggestion-invoices">
          <span className="muted">{t('suggestion.invoices')}</span>{' '}
          {suggestion.allocations.map((allocation, i) => (
            <span key={`${allocation.itemId}|${i}`} className="suggestion-invoice">
              {t('suggestion.allocation', {
                invoice: suggestion.invoices[i] ?? allocation.itemId,
                amount: fmt.money(allocation.amount),
              })}
            </span>
          ))}
        </p>
      )}
      <p className="suggestion-explanation small" data-testid="suggestion-explanation">
        {suggestion.explanation}
      </p>
      {surplus && <p className="muted small">{t('suggestion.surplus', { amount: fmt.money(surplus) })}</p>}
      <div className="suggestion-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="suggestion-allocate"
          title={t('suggestion.allocateTitle', { amount: fmt.money(entry.unassigned), case: caseLabel })}
          disabled={busy}
          onClick={onAllocate}
        >
          {pending ? t('suggestion.allocating') : t('suggestion.allocate')}
        </button>
      </div>
    </li>
  );
}

/** One entry of the unallocated queue (D6): what the bank says, the ranked suggestions, manual assignment. */
export function QueueEntry({
  entry,
  onAssigned,
}: {
  entry: BankEntry;
  onAssigned: (message: string) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [allocating, setAllocating] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [manualOpen, setManualOpen] = useState(false);
  const suggestions = rankSuggestions(entry.suggestions);

  const allocate = async (index: number, suggestion: MatchSuggestion) => {
    if (allocating !== null) return;
    setAllocating(index);
    setError(null);
    try {
      await apiPost<AssignResult>(
        `/bank-entries/${encodeURIComponent(entry.id)}/assign`,
        suggestionAssignment(entry, suggestion),
      );
      onAssigned(
        t('queue.allocated', {
          amount: fmt.money(entry.unassigned),
          case: suggestion.caseNumber ?? suggestion.caseId,
        }),
      );
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setAllocating(null);
    }
  };

  return (
    <article
      className="card queue-entry"
      data-testid="queue-entry"
      data-entry-id={entry.id}
      data-status={entry.status}
      aria-labelledby={`entry-${entry.id}-title`}
    >
      <header className="queue-entry-header">
        <div className="queue-entry-who">
          <h2 id={`entry-${entry.id}-title`} className="queue-entry-payer" data-testid="queue-entry-payer">
            {entry.counterpartyName ?? t('queue.unknownPayer')}
          </h2>
          <span className="mono small" data-testid="queue-entry-iban">
            <span className="muted">{t('queue.iban')}</span> {entry.counterpartyIban ?? t('common.none')}
          </span>
        </div>
        <div className="queue-entry-money">
          <span className="queue-entry-amount" data-testid="queue-entry-amount">
            <Amount money={entry.amount} />
          </span>
          <BankEntryStatusBadge status={entry.status} />
        </div>
      </header>
      <dl className="kv queue-entry-details">
        <div className="kv-row">
          <dt>{t('queue.bookingDate')}</dt>
          <dd data-testid="queue-entry-date">{fmt.date(entry.bookingDate)}</dd>
        </div>
        <div className="kv-row">
          <dt>{t('queue.unassigned')}</dt>
          <dd data-testid="queue-entry-unassigned" data-amount={entry.unassigned.amount}>
            <Amount money={entry.unassigned} />
          </dd>
        </div>
        <div className="kv-row">
          <dt>{t('queue.bankReference')}</dt>
          <dd className="mono small">{entry.bankReference}</dd>
        </div>
      </dl>
      <div className="queue-entry-remittance">
        <span className="field-label">{t('queue.remittance')}</span>
        {entry.remittance.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <p className="mono" data-testid="queue-entry-remittance">
            {entry.remittance.map((line, i) => (
              <span key={i} className="remittance-line">
                {line}
              </span>
            ))}
          </p>
        )}
      </div>

      <h3>{t('queue.suggestions')}</h3>
      {suggestions.length === 0 ? (
        <p className="muted" data-testid="queue-no-suggestion">
          {t('queue.noSuggestion')}
        </p>
      ) : (
        <ol className="suggestions">
          {suggestions.map((suggestion, i) => (
            <SuggestionRow
              key={`${suggestion.caseId}|${suggestion.rule}|${i}`}
              entry={entry}
              suggestion={suggestion}
              busy={allocating !== null}
              pending={allocating === i}
              onAllocate={() => void allocate(i, suggestion)}
            />
          ))}
        </ol>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="queue-entry-error">
          {error}
        </p>
      )}

      <div className="queue-entry-actions">
        <button
          type="button"
          className="button"
          data-testid="manual-assign-toggle"
          aria-expanded={manualOpen}
          onClick={() => setManualOpen((open) => !open)}
        >
          {t('manual.toggle')}
        </button>
      </div>
      {manualOpen && (
        <ManualAssign
          entry={entry}
          onAssigned={(message) => {
            setManualOpen(false);
            onAssigned(message);
          }}
        />
      )}
    </article>
  );
}
