import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { IconButton } from '../rules/icon-button';
import { channelName } from '../rules/rules.labels';
import { replaceAt, removeAt } from '../rules/editor-state';
import { Field, FieldMessages, useFieldPropsFor } from './dunning-fields';
import { STEP_CHANNELS, type StepChannel } from './dunning.types';
import {
  capFieldKey,
  CONTACT_KEY,
  contactFieldKey,
  contactRulesDraft,
  STANDARD_CONTACT_RULES,
  toggleDay,
  type CapDraft,
  type ContactRulesDraft,
} from './strategy-model';

const WEEK = [1, 2, 3, 4, 5, 6, 7];

/** Monday … Sunday in the UI language (1 January 2024 was a Monday). */
function weekdayName(day: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** L6: when, and how often, a debtor may be contacted. */
export function ContactRulesForm({
  rules,
  editable,
  onChange,
}: {
  rules: ContactRulesDraft | null;
  editable: boolean;
  onChange: (rules: ContactRulesDraft | null) => void;
}) {
  const { t, locale } = useI18n();
  const fieldProps = useFieldPropsFor();
  const zones = useMemo(timeZones, []);

  if (rules === null) {
    return (
      <section className="card dunning-contact" data-testid="contact-rules" aria-labelledby="contact-title">
        <h2 id="contact-title">{t('dunning.contact.title')}</h2>
        <p className="muted small">{t('dunning.contact.standard')}</p>
        {editable && (
          <button
            type="button"
            className="button"
            data-testid="contact-customise"
            onClick={() => onChange(contactRulesDraft(STANDARD_CONTACT_RULES))}
          >
            {t('dunning.contact.customise')}
          </button>
        )}
      </section>
    );
  }

  const set = (patch: Partial<ContactRulesDraft>) => onChange({ ...rules, ...patch });
  const setCap = (index: number, patch: Partial<CapDraft>) =>
    set({ caps: replaceAt(rules.caps, index, { ...(rules.caps[index] as CapDraft), ...patch }) });

  return (
    <section className="card dunning-contact" data-testid="contact-rules" aria-labelledby="contact-title">
      <h2 id="contact-title">{t('dunning.contact.title')}</h2>
      <p className="intro muted small">{t('dunning.contact.intro')}</p>
      <FieldMessages at={CONTACT_KEY} />
      <fieldset className="rules-fieldset" disabled={!editable}>
        <div className="dunning-contact-row">
          <label className="check">
            <input
              type="checkbox"
              data-testid="contact-quiet-hours"
              checked={rules.quietHours}
              onChange={(event) => set({ quietHours: event.target.checked })}
            />
            {t('dunning.contact.quietHours')}
          </label>
          <Field at={contactFieldKey('quietHours.from')} label={t('dunning.contact.from')}>
            <input
              {...fieldProps(contactFieldKey('quietHours.from'))}
              type="time"
              data-testid="contact-quiet-from"
              disabled={!rules.quietHours}
              value={rules.quietFrom}
              onChange={(event) => set({ quietFrom: event.target.value })}
            />
          </Field>
          <Field at={contactFieldKey('quietHours.to')} label={t('dunning.contact.to')}>
            <input
              {...fieldProps(contactFieldKey('quietHours.to'))}
              type="time"
              data-testid="contact-quiet-to"
              disabled={!rules.quietHours}
              value={rules.quietTo}
              onChange={(event) => set({ quietTo: event.target.value })}
            />
          </Field>
          <Field
            at={contactFieldKey('defaultTimeZone')}
            label={t('dunning.contact.timeZone')}
            hint={t('dunning.contact.timeZoneHint')}
          >
            <input
              {...fieldProps(contactFieldKey('defaultTimeZone'))}
              type="text"
              list="dunning-time-zones"
              className="mono"
              data-testid="contact-time-zone"
              value={rules.defaultTimeZone}
              onChange={(event) => set({ defaultTimeZone: event.target.value })}
            />
            <datalist id="dunning-time-zones">
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </Field>
        </div>
        <div className="field">
          <span className="field-label">{t('dunning.contact.quietDays')}</span>
          <span className="dunning-checks" {...fieldProps(contactFieldKey('quietDays'))}>
            {WEEK.map((day) => (
              <label key={day} className="check">
                <input
                  type="checkbox"
                  data-testid="contact-quiet-day"
                  data-day={day}
                  checked={rules.quietDays.includes(day)}
                  onChange={() => set({ quietDays: toggleDay(rules.quietDays, day) })}
                />
                {weekdayName(day, locale)}
              </label>
            ))}
          </span>
          <FieldMessages at={contactFieldKey('quietDays')} />
        </div>

        <h3 className="dunning-subtitle">{t('dunning.contact.caps')}</h3>
        {rules.caps.length === 0 && <p className="muted small">{t('dunning.contact.noCaps')}</p>}
        {rules.caps.length > 0 && (
          <table className="table dunning-caps" data-testid="contact-caps">
            <thead>
              <tr>
                <th>{t('dunning.contact.capChannel')}</th>
                <th>{t('dunning.contact.capCustomers')}</th>
                <th>{t('dunning.contact.capMax')}</th>
                <th>{t('dunning.contact.capDays')}</th>
                <th aria-label={t('dunning.actions')} />
              </tr>
            </thead>
            <tbody>
              {rules.caps.map((cap, i) => (
                <tr key={i} data-testid="contact-cap">
                  <td>
                    <select
                      {...fieldProps(capFieldKey(i, 'channel'))}
                      aria-label={t('dunning.contact.capChannel')}
                      value={cap.channel}
                      onChange={(event) => setCap(i, { channel: event.target.value as StepChannel })}
                    >
                      {STEP_CHANNELS.map((channel) => (
                        <option key={channel} value={channel}>
                          {channelName(channel, t)}
                        </option>
                      ))}
                    </select>
                    <FieldMessages at={capFieldKey(i, 'channel')} />
                  </td>
                  <td>
                    <select
                      {...fieldProps(capFieldKey(i, 'customerType'))}
                      aria-label={t('dunning.contact.capCustomers')}
                      value={cap.customerType}
                      onChange={(event) =>
                        setCap(i, { customerType: event.target.value as CapDraft['customerType'] })
                      }
                    >
                      <option value="">{t('dunning.contact.everyCustomer')}</option>
                      <option value="business">{t('customerType.business')}</option>
                      <option value="consumer">{t('customerType.consumer')}</option>
                    </select>
                  </td>
                  <td>
                    <input
                      {...fieldProps(capFieldKey(i, 'max'))}
                      type="text"
                      inputMode="numeric"
                      className="mono dunning-narrow"
                      aria-label={t('dunning.contact.capMax')}
                      data-testid="contact-cap-max"
                      value={cap.max}
                      onChange={(event) => setCap(i, { max: event.target.value })}
                    />
                    <FieldMessages at={capFieldKey(i, 'max')} />
                  </td>
                  <td>
                    <input
                      {...fieldProps(capFieldKey(i, 'days'))}
                      type="text"
                      inputMode="numeric"
                      className="mono dunning-narrow"
                      aria-label={t('dunning.contact.capDays')}
                      value={cap.days}
                      onChange={(event) => setCap(i, { days: event.target.value })}
                    />
                    <FieldMessages at={capFieldKey(i, 'days')} />
                  </td>
                  <td>
                    {editable && (
                      <IconButton
                        label={t('dunning.contact.removeCap')}
                        onClick={() => set({ caps: removeAt(rules.caps, i) })}
                      >
                        ×
                      </IconButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editable && (
          <div className="rules-add-row">
            <button
              type="button"
              className="button"
              data-testid="contact-add-cap"
              onClick={() =>
                set({ caps: [...rules.caps, { channel: 'email', customerType: '', max: '3', days: '7' }] })
              }
            >
              + {t('dunning.contact.addCap')}
            </button>
          </div>
        )}
      </fieldset>
    </section>
  );
}
