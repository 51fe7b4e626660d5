import type {
  AllocatePaymentRequest,
  ChargeRequest,
  CommandResult,
  FinancialItem,
  ReceivePaymentRequest,
} from '@quittance/api-contract';
import { useState, type FormEvent, type ReactNode } from 'react';
import { apiPost } from '../api/client';
import {
  DEBT_COMPONENTS,
  isDebtComponent,
  isPaymentMethod,
  PAYMENT_METHODS,
  type DebtComponent,
  type Input,
  type PaymentMethod,
} from '../api/enums';
import { useFormat, useT } from '../i18n/i18n-context';
import { componentName } from '../ledger/ledger.labels';
import { isIsoDate, todayIso } from '../ledger/ledger.params';
import { currencyDecimals, parseAmountInput } from '../lib/amount-input';
import { signOf } from '../lib/decimal';
import { errorMessage } from '../ui/states';

/** An allocation step that could not start: its message is already translated. */
class AllocationNotStarted extends Error {}

type Feedback = { kind: 'error' | 'success'; message: string } | null;

function FeedbackLine({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return (
    <span
      className={feedback.kind === 'error' ? 'form-error' : 'form-success'}
      role={feedback.kind === 'error' ? 'alert' : 'status'}
    >
      {feedback.message}
    </span>
  );
}

function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'field field-wide' : 'field'}>
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

export function PaymentForm({
  caseId,
  currency,
  items,
  onDone,
}: {
  caseId: string;
  currency: string;
  items: readonly FinancialItem[];
  onDone: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(() => todayIso());
  const [method, setMethod] = useState<PaymentMethod>('bank_transfer');
  const [payer, setPayer] = useState('');
  const [bankReference, setBankReference] = useState('');
  const [allocate, setAllocate] = useState(true);
  const [component, setComponent] = useState<DebtComponent>('principal');
  const [itemId, setItemId] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const invoices = items.filter((item) => item.kind === 'invoice' && signOf(item.outstanding.amount) > 0);
  const selectedItem = invoices.some((item) => item.id === itemId) ? itemId : (invoices[0]?.id ?? '');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const value = parseAmountInput(amount, currencyDecimals(currency));
    if (value === null) return setFeedback({ kind: 'error', message: t('payment.invalidAmount') });
    if (!isIsoDate(receivedOn)) return setFeedback({ kind: 'error', message: t('payment.invalidDate') });
    setSubmitting(true);
    setFeedback(null);
    const casePath = `/cases/${encodeURIComponent(caseId)}`;
    const money = { amount: value, currency };
    let recorded = false;
    try {
      const body: Input<typeof ReceivePaymentRequest> = { amount: money, receivedOn, method };
      if (payer.trim()) body.payer = payer.trim();
      if (bankReference.trim()) body.bankReference = bankReference.trim();
      const result = await apiPost<CommandResult>(`${casePath}/payments`, body);
      recorded = true;
      if (allocate) {
        const paymentId = result.createdId ?? null;
        if (!paymentId) throw new AllocationNotStarted(t('payment.paymentNotFound'));
        const allocation: Input<typeof AllocatePaymentRequest> = {
          paymentId,
          component,
          amount: money,
          allocatedOn: receivedOn,
        };
        // Principal is settled item by item: the chosen invoice, by default the oldest open one.
        if (component === 'principal' && selectedItem) allocation.itemId = selectedItem;
        await apiPost<CommandResult>(`${casePath}/allocations`, allocation);
      }
      setAmount('');
      setPayer('');
      setBankReference('');
      setItemId('');
      setFeedback({
        kind: 'success',
        message: allocate ? t('payment.recordedAllocated') : t('payment.recorded'),
      });
    } catch (error) {
      const message = error instanceof AllocationNotStarted ? error.message : errorMessage(error, t);
      setFeedback({
        kind: 'error',
        message: recorded ? t('payment.allocationFailed', { message }) : message,
      });
      if (recorded) setAmount('');
    } finally {
      setSubmitting(false);
      if (recorded) onDone();
    }
  };

  return (
    <form className="money-form" data-testid="payment-form" onSubmit={(event) => void onSubmit(event)}>
      <div className="money-form-fields">
        <Field label={t('payment.amount', { currency })}>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            data-testid="payment-amount"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </Field>
        <Field label={t('payment.receivedOn')}>
          <input
            type="date"
            data-testid="payment-date"
            value={receivedOn}
            onChange={(event) => setReceivedOn(event.target.value)}
          />
        </Field>
        <Field label={t('payment.method')}>
          <select
            data-testid="payment-method"
            value={method}
            onChange={(event) => {
              if (isPaymentMethod(event.target.value)) setMethod(event.target.value);
            }}
          >
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`paymentMethod.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('payment.payer')}>
          <input
            type="text"
            data-testid="payment-payer"
            value={payer}
            onChange={(e) => setPayer(e.target.value)}
          />
        </Field>
        <Field label={t('payment.bankReference')}>
          <input
            type="text"
            data-testid="payment-reference"
            value={bankReference}
            onChange={(event) => setBankReference(event.target.value)}
          />
        </Field>
      </div>
      <div className="money-form-fields">
        <label className="check">
          <input
            type="checkbox"
            data-testid="payment-allocate"
            checked={allocate}
            onChange={(event) => setAllocate(event.target.checked)}
          />
          {t('payment.allocate')}
        </label>
        {allocate && (
          <>
            <Field label={t('payment.component')}>
              <select
                data-testid="payment-component"
                value={component}
                onChange={(event) => {
                  if (isDebtComponent(event.target.value)) setComponent(event.target.value);
                }}
              >
                {DEBT_COMPONENTS.map((c) => (
                  <option key={c} value={c}>
                    {componentName(c, t)}
                  </option>
                ))}
              </select>
            </Field>
            {component === 'principal' && invoices.length > 0 && (
              <Field label={t('payment.item')}>
                <select
                  data-testid="payment-item"
                  value={selectedItem}
                  onChange={(e) => setItemId(e.target.value)}
                >
                  {invoices.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.number} · {fmt.money(item.outstanding)}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </>
        )}
      </div>
      <div className="note-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="payment-submit"
          disabled={submitting}
        >
          {submitting ? t('payment.submitting') : t('payment.submit')}
        </button>
        <FeedbackLine feedback={feedback} />
      </div>
    </form>
  );
}

export function FeeForm({
  caseId,
  currency,
  onDone,
}: {
  caseId: string;
  currency: string;
  onDone: () => void;
}) {
  const t = useT();
  const [amount, setAmount] = useState('');
  const [on, setOn] = useState(() => todayIso());
  const [label, setLabel] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const value = parseAmountInput(amount, currencyDecimals(currency));
    if (value === null) return setFeedback({ kind: 'error', message: t('payment.invalidAmount') });
    if (!isIsoDate(on)) return setFeedback({ kind: 'error', message: t('payment.invalidDate') });
    if (!label.trim()) return setFeedback({ kind: 'error', message: t('fee.labelRequired') });
    setSubmitting(true);
    setFeedback(null);
    try {
      const body: Input<typeof ChargeRequest> = {
        amount: { amount: value, currency },
        on,
        label: label.trim(),
      };
      await apiPost<CommandResult>(`/cases/${encodeURIComponent(caseId)}/fees`, body);
      setAmount('');
      setLabel('');
      setFeedback({ kind: 'success', message: t('fee.charged') });
      onDone();
    } catch (error) {
      setFeedback({ kind: 'error', message: errorMessage(error, t) });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="money-form" data-testid="fee-form" onSubmit={(event) => void onSubmit(event)}>
      <div className="money-form-fields">
        <Field label={t('payment.amount', { currency })}>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            data-testid="fee-amount"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </Field>
        <Field label={t('fee.on')}>
          <input
            type="date"
            data-testid="fee-date"
            value={on}
            onChange={(event) => setOn(event.target.value)}
          />
        </Field>
        <Field label={t('fee.label')} wide>
          <input
            type="text"
            data-testid="fee-label"
            value={label}
            placeholder={t('fee.labelPlaceholder')}
            onChange={(event) => setLabel(event.target.value)}
          />
        </Field>
      </div>
      <div className="note-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="fee-submit"
          disabled={submitting}
        >
          {t('fee.submit')}
        </button>
        <FeedbackLine feedback={feedback} />
      </div>
    </form>
  );
}
