import { useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n-context';
import { CommandError, Field } from './agreements-ui';
import { useCommand } from './use-command';

/** D8: records the customer's signed SEPA direct-debit mandate, so that installments can be collected. */
export function MandateForm({
  caseId,
  asOf,
  onAdded,
}: {
  caseId: string;
  asOf: string;
  onAdded: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ reference: '', signedOn: asOf, debtorName: '', iban: '', bic: '' });
  const command = useCommand();
  const ready =
    form.reference.trim() !== '' &&
    form.signedOn !== '' &&
    form.debtorName.trim() !== '' &&
    form.iban.trim() !== '';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!ready) return;
    const body = {
      reference: form.reference.trim(),
      signedOn: form.signedOn,
      debtorName: form.debtorName.trim(),
      iban: form.iban.replace(/\s+/g, '').toUpperCase(),
      ...(form.bic.trim() ? { bic: form.bic.trim().toUpperCase() } : {}),
    };
    if (await command.run('mandate', `/cases/${encodeURIComponent(caseId)}/mandates`, body)) {
      setForm({ reference: '', signedOn: asOf, debtorName: '', iban: '', bic: '' });
      onAdded();
    }
  };

  return (
    <form className="agr-form" data-testid="mandate-form" onSubmit={(event) => void submit(event)}>
      <div className="agr-form-grid">
        <Field label={t('agreements.mandate.reference')}>
          <input
            type="text"
            maxLength={35}
            data-testid="mandate-reference"
            value={form.reference}
            onChange={(event) => setForm({ ...form, reference: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.mandate.signedOn')}>
          <input
            type="date"
            data-testid="mandate-signed-on"
            value={form.signedOn}
            onChange={(event) => setForm({ ...form, signedOn: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.mandate.debtorName')}>
          <input
            type="text"
            maxLength={140}
            data-testid="mandate-debtor"
            value={form.debtorName}
            onChange={(event) => setForm({ ...form, debtorName: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.mandate.iban')}>
          <input
            type="text"
            className="mono"
            data-testid="mandate-iban"
            value={form.iban}
            onChange={(event) => setForm({ ...form, iban: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.mandate.bic')} optional>
          <input
            type="text"
            className="mono"
            data-testid="mandate-bic"
            value={form.bic}
            onChange={(event) => setForm({ ...form, bic: event.target.value })}
          />
        </Field>
      </div>
      {command.error && <CommandError error={command.error.error} />}
      <button
        type="submit"
        className="button"
        data-testid="mandate-submit"
        disabled={!ready || command.busy !== null}
      >
        {t('agreements.mandate.submit')}
      </button>
    </form>
  );
}
