import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useFormat, useT } from '../i18n/i18n-context';
import {
  approvalErrorMessage,
  debitStatusName,
  disputeStatusName,
  installmentStateName,
  planStatusName,
  promiseStatusName,
  statusTone,
} from './agreements.labels';
import type { Money } from './agreements.types';
import { shareOf } from './plan-model';
import './agreements.css';

const NAMERS = {
  promise: promiseStatusName,
  plan: planStatusName,
  installment: installmentStateName,
  debit: debitStatusName,
  dispute: disputeStatusName,
} as const;

/** A status as a coloured badge; `data-status` carries the code for tests and styles. */
export function StatusBadge({ kind, status }: { kind: keyof typeof NAMERS; status: string }) {
  const t = useT();
  const tone = statusTone(status);
  return (
    <span className={`badge agr-badge agr-badge-${tone}`} data-testid={`${kind}-status`} data-status={status}>
      {NAMERS[kind](status, t)}
    </span>
  );
}

/** An amount of the given currency, in the UI locale. */
export function MoneyText({ amount, currency }: { amount: Money; currency: string }) {
  const fmt = useFormat();
  return <span className="amount">{fmt.money({ amount, currency })}</span>;
}

/** How much of `total` is paid, as a bar with its figures for screen readers. */
export function Progress({ paid, total, currency }: { paid: Money; total: Money; currency: string }) {
  const t = useT();
  const fmt = useFormat();
  const share = shareOf(paid, total);
  const label = t('agreements.case.paidOf', {
    paid: fmt.money({ amount: paid, currency }),
    amount: fmt.money({ amount: total, currency }),
  });
  return (
    <span className="agr-progress" data-testid="plan-progress" data-share={share}>
      <meter className="agr-meter" min={0} max={1} value={share} aria-label={label} />
      <span className="small muted">{label}</span>
    </span>
  );
}

/** A labelled form field with its problem, if any, said beneath it. */
export function Field({
  label,
  optional = false,
  problem,
  grow = false,
  children,
}: {
  label: string;
  optional?: boolean;
  problem?: string | null | undefined;
  grow?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <label className={grow ? 'field field-grow' : 'field'}>
      <span className="field-label">
        {label}
        {optional && <span className="field-optional"> · {t('agreements.optional')}</span>}
      </span>
      {children}
      {problem && (
        <span className="form-error small" data-testid="field-problem">
          {problem}
        </span>
      )}
    </label>
  );
}

/** A command's failure, as the server's words (or the four-eyes sentence), with its code. */
export function CommandError({ error, testId = 'command-error' }: { error: unknown; testId?: string }) {
  const t = useT();
  const code = error instanceof ApiError ? (error.problem?.code ?? '') : '';
  return (
    <p className="form-error" role="alert" data-testid={testId} data-code={code}>
      {approvalErrorMessage(error, t)}
    </p>
  );
}

/** Asks for a reason, then runs `onSubmit` with it (reject, cancel). */
export function ReasonForm({
  label,
  submitLabel,
  busy,
  onSubmit,
  testId,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  testId: string;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="agr-inline-form"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() !== '') onSubmit(reason.trim());
      }}
    >
      <Field label={label} grow>
        <input
          type="text"
          required
          maxLength={500}
          data-testid={`${testId}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </Field>
      <button
        type="submit"
        className="button"
        data-testid={`${testId}-submit`}
        disabled={busy || reason.trim() === ''}
      >
        {submitLabel}
      </button>
    </form>
  );
}
