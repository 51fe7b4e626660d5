import { useState, type FormEvent } from 'react';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { currencyDecimals } from '../lib/amount-input';
import {
  CHANNELS,
  WAIVER_COMPONENTS,
  type CaseAgreements,
  type CaseTask,
  type Channel,
} from './agreements.types';
import type { DisputeSettings, WaiverComponent } from './agreements.types';
import { channelName, componentName } from './agreements.labels';
import { CommandError, Field } from './agreements-ui';
import {
  addDays,
  disputeRequest,
  promiseRequest,
  waiverRequest,
  type FieldProblem,
  type DisputeForm as DisputeFormState,
  type PromiseForm as PromiseFormState,
} from './case-forms-model';
import { outstandingOf } from './plan-model';
import { useCommand } from './use-command';

type Submitted = (message: string) => void;

function useProblemText() {
  const t = useT();
  return (problem: FieldProblem | undefined) => (problem ? t(`agreements.problem.${problem}`) : null);
}

const enc = encodeURIComponent;

/** D9: a promise to pay, taken on the phone from a call task or on its own. */
export function PromiseForm({
  caseId,
  agreements,
  task,
  asOf,
  onDone,
  onCancel,
}: {
  caseId: string;
  agreements: CaseAgreements;
  task: CaseTask | null;
  asOf: string;
  onDone: Submitted;
  onCancel: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const problemText = useProblemText();
  const { currency, openItems } = agreements;
  const [form, setForm] = useState<PromiseFormState>(() => ({
    itemIds: [],
    amount: outstandingOf(openItems, []),
    promisedFor: addDays(asOf, 7),
    channel: 'phone',
    graceDays: '',
    note: '',
    taskId: task?.id ?? null,
  }));
  // The amount follows the chosen items until the user types one of their own.
  const [amountTyped, setAmountTyped] = useState(false);
  const [tried, setTried] = useState(false);
  const command = useCommand();
  const checked = promiseRequest(form, currencyDecimals(currency));
  const problems = tried && !checked.ok ? checked.problems : {};

  const toggleItem = (itemId: string, on: boolean) => {
    setForm((previous) => {
      const itemIds = on ? [...previous.itemIds, itemId] : previous.itemIds.filter((id) => id !== itemId);
      return {
        ...previous,
        itemIds,
        amount: amountTyped ? previous.amount : outstandingOf(openItems, itemIds),
      };
    });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) return;
    const done = await command.run('promise', `/cases/${enc(caseId)}/promises`, checked.request);
    if (done) onDone(t('agreements.promise.recorded'));
  };

  return (
    <form className="agr-form" data-testid="promise-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('agreements.promise.title')}</h3>
      {task && (
        <p className="small muted" data-testid="promise-task">
          {t('agreements.promise.fromTask', { task: task.title })}
        </p>
      )}
      {openItems.length > 0 && (
        <fieldset className="agr-items">
          <legend className="field-label">{t('agreements.promise.items')}</legend>
          {openItems.map((item) => (
            <label key={item.itemId} className="check">
              <input
                type="checkbox"
                data-testid="promise-item"
                data-item={item.number}
                checked={form.itemIds.includes(item.itemId)}
                onChange={(event) => toggleItem(item.itemId, event.target.checked)}
              />
              <span className="mono">{item.number}</span>
              <span className="small muted">{fmt.money({ amount: item.outstanding, currency })}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="agr-form-grid">
        <Field
          label={`${t('agreements.promise.amount')} (${currency})`}
          problem={problemText(problems.amount)}
        >
          <input
            type="text"
            inputMode="decimal"
            data-testid="promise-amount"
            value={form.amount}
            onChange={(event) => {
              setAmountTyped(true);
              setForm({ ...form, amount: event.target.value });
            }}
          />
        </Field>
        <Field label={t('agreements.promise.date')} problem={problemText(problems.promisedFor)}>
          <input
            type="date"
            data-testid="promise-date"
            value={form.promisedFor}
            onChange={(event) => setForm({ ...form, promisedFor: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.promise.channel')}>
          <select
            data-testid="promise-channel"
            value={form.channel}
            onChange={(event) => setForm({ ...form, channel: event.target.value as Channel })}
          >
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channelName(channel, t)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('agreements.promise.graceDays')} optional problem={problemText(problems.graceDays)}>
          <input
            type="text"
            inputMode="numeric"
            data-testid="promise-grace"
            value={form.graceDays}
            onChange={(event) => setForm({ ...form, graceDays: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.promise.note')} optional grow>
          <input
            type="text"
            maxLength={1000}
            data-testid="promise-note"
            value={form.note}
            onChange={(event) => setForm({ ...form, note: event.target.value })}
          />
        </Field>
      </div>
      {command.error && <CommandError error={command.error.error} />}
      <div className="agr-form-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="promise-submit"
          disabled={command.busy !== null}
        >
          {t('agreements.promise.submit')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('agreements.cancel')}
        </button>
      </div>
    </form>
  );
}

/** D7: a dispute on one item or the whole case; dunning stops on what it covers. */
export function DisputeForm({
  caseId,
  agreements,
  onDone,
  onCancel,
}: {
  caseId: string;
  agreements: CaseAgreements;
  onDone: Submitted;
  onCancel: () => void;
}) {
  const t = useT();
  const problemText = useProblemText();
  const settings = useApi<DisputeSettings>('/settings/disputes');
  const reasons = settings.data?.reasonCodes ?? [];
  const [form, setForm] = useState<DisputeFormState>({
    itemId: '',
    reasonCode: '',
    amount: '',
    description: '',
    owner: '',
    deadline: '',
  });
  const [tried, setTried] = useState(false);
  const command = useCommand();
  const reasonCode = form.reasonCode || reasons[0]?.code || '';
  const checked = disputeRequest({ ...form, reasonCode }, currencyDecimals(agreements.currency));
  const problems = tried && !checked.ok ? checked.problems : {};

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) return;
    const done = await command.run('dispute', `/cases/${enc(caseId)}/disputes`, checked.request);
    if (done) onDone(t('agreements.dispute.opened'));
  };

  return (
    <form className="agr-form" data-testid="dispute-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('agreements.dispute.title')}</h3>
      <div className="agr-form-grid">
        <Field label={t('agreements.dispute.item')}>
          <select
            data-testid="dispute-item"
            value={form.itemId}
            onChange={(event) => setForm({ ...form, itemId: event.target.value })}
          >
            <option value="">{t('agreements.case.wholeCase')}</option>
            {agreements.openItems.map((item) => (
              <option key={item.itemId} value={item.itemId}>
                {item.number}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('agreements.dispute.reason')} problem={problemText(problems.reasonCode)}>
          <select
            data-testid="dispute-reason"
            value={reasonCode}
            onChange={(event) => setForm({ ...form, reasonCode: event.target.value })}
          >
            {reasons.map((reason) => (
              <option key={reason.code} value={reason.code}>
                {reason.label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={`${t('agreements.dispute.amount')} (${agreements.currency})`}
          optional
          problem={problemText(problems.amount)}
        >
          <input
            type="text"
            inputMode="decimal"
            placeholder={t('agreements.dispute.amountHint')}
            data-testid="dispute-amount"
            value={form.amount}
            onChange={(event) => setForm({ ...form, amount: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.dispute.owner')} optional>
          <input
            type="text"
            data-testid="dispute-owner"
            value={form.owner}
            onChange={(event) => setForm({ ...form, owner: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.dispute.deadline')} optional problem={problemText(problems.deadline)}>
          <input
            type="date"
            data-testid="dispute-deadline"
            value={form.deadline}
            onChange={(event) => setForm({ ...form, deadline: event.target.value })}
          />
        </Field>
      </div>
      <Field label={t('agreements.dispute.description')} problem={problemText(problems.description)}>
        <textarea
          data-testid="dispute-description"
          maxLength={4000}
          value={form.description}
          onChange={(event) => setForm({ ...form, description: event.target.value })}
        />
      </Field>
      {command.error && <CommandError error={command.error.error} />}
      <div className="agr-form-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="dispute-submit"
          disabled={command.busy !== null}
        >
          {t('agreements.dispute.submit')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('agreements.cancel')}
        </button>
      </div>
    </form>
  );
}

/** D12: waive interest, fees or costs; above the user's limit it waits for a manager. */
export function WaiverForm({
  caseId,
  agreements,
  onDone,
  onCancel,
}: {
  caseId: string;
  agreements: CaseAgreements;
  onDone: Submitted;
  onCancel: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const problemText = useProblemText();
  const [component, setComponent] = useState<WaiverComponent>('interest');
  const [amount, setAmount] = useState(agreements.charges.interest);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const command = useCommand();
  const checked = waiverRequest({ component, amount, reason }, currencyDecimals(agreements.currency));
  const problems = tried && !checked.ok ? checked.problems : {};

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) return;
    const result = await command.run<{ status: 'granted' | 'pending' }>(
      'waiver',
      `/cases/${enc(caseId)}/waivers`,
      checked.request,
    );
    if (result)
      onDone(
        t(result.data?.status === 'pending' ? 'agreements.waiver.pending' : 'agreements.waiver.granted'),
      );
  };

  return (
    <form className="agr-form" data-testid="waiver-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('agreements.waiver.title')}</h3>
      <div className="agr-form-grid">
        <Field label={t('agreements.waiver.component')}>
          <select
            data-testid="waiver-component"
            value={component}
            onChange={(event) => {
              const next = event.target.value as WaiverComponent;
              setComponent(next);
              setAmount(agreements.charges[next]);
            }}
          >
            {WAIVER_COMPONENTS.map((c) => (
              <option key={c} value={c}>
                {componentName(c, t)} ·{' '}
                {t('agreements.waiver.charged', {
                  amount: fmt.money({ amount: agreements.charges[c], currency: agreements.currency }),
                })}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={`${t('agreements.waiver.amount')} (${agreements.currency})`}
          problem={problemText(problems.amount)}
        >
          <input
            type="text"
            inputMode="decimal"
            data-testid="waiver-amount"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </Field>
        <Field label={t('agreements.waiver.reason')} grow problem={problemText(problems.reason)}>
          <input
            type="text"
            maxLength={500}
            data-testid="waiver-reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Field>
      </div>
      {command.error && <CommandError error={command.error.error} />}
      <div className="agr-form-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="waiver-submit"
          disabled={command.busy !== null}
        >
          {t('agreements.waiver.submit')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('agreements.cancel')}
        </button>
      </div>
    </form>
  );
}
