import { useT } from '../i18n/i18n-context';
import { channelName } from '../rules/rules.labels';
import { Field, FieldMessages, useFieldPropsFor } from './dunning-fields';
import { afterName, dayLabel, levelName } from './dunning.labels';
import { AFTER_VALUES, STEP_CHANNELS, STEP_LEVELS, type After, type DunningLevel } from './dunning.types';
import { stepFieldKey, stepKey, toggleChannel, type StepDraft } from './strategy-model';

/** Ids for a select: the known ones, and the current value even when it is not known. */
export function IdOptions({
  ids,
  current,
  unknown,
}: {
  ids: readonly string[];
  current: string;
  unknown: (id: string) => string;
}) {
  const all = current !== '' && !ids.includes(current) ? [current, ...ids] : ids;
  return (
    <>
      {all.map((id) => (
        <option key={id} value={id}>
          {ids.includes(id) ? id : unknown(id)}
        </option>
      ))}
    </>
  );
}

/** Template ids for a select, the current one included even when no template has it. */
export function TemplateOptions({ ids, current }: { ids: readonly string[]; current: string }) {
  const t = useT();
  return <IdOptions ids={ids} current={current} unknown={(id) => t('dunning.template.unknown', { id })} />;
}

/** The side form of the selected step (C1, C3, C5). */
export function StepForm({
  strategy,
  index,
  step,
  day,
  templates,
  editable,
  onChange,
}: {
  strategy: number;
  index: number;
  step: StepDraft;
  /** Its day from the due date, when its offset reads. */
  day: number | null;
  templates: readonly string[];
  editable: boolean;
  onChange: (step: StepDraft) => void;
}) {
  const t = useT();
  const key = (field: string) => stepFieldKey(strategy, index, field);
  const fieldProps = useFieldPropsFor();
  const props = (field: string) => fieldProps(key(field));
  const set = (patch: Partial<StepDraft>) => onChange({ ...step, ...patch });
  const idProps = props('id');
  const levelProps = props('level');
  const offsetProps = props('offsetDays');
  const fromProps = props('from');
  const channelsProps = props('channels');
  const templateProps = props('template');
  const conditionProps = props('condition');
  const costProps = props('cost');
  const feeProps = props('fee');
  const afterProps = props('after');
  const scriptProps = props('script');
  const showScript = step.channels.includes('phone') || step.script !== '';

  return (
    <section
      className="card dunning-step-form"
      data-testid="step-form"
      data-step={step.id}
      aria-labelledby="step-form-title"
    >
      <h3 id="step-form-title">
        {t('dunning.step.title', { step: step.id || '?' })}{' '}
        <span className="muted small" data-testid="step-form-day">
          {day === null ? t('dunning.step.noDay') : dayLabel(day, t)}
        </span>
      </h3>
      <FieldMessages at={stepKey(strategy, index)} />
      <fieldset className="rules-fieldset dunning-form-grid" disabled={!editable}>
        <Field at={key('id')} label={t('dunning.step.id')}>
          <input
            {...idProps}
            type="text"
            className="mono"
            data-testid="step-id"
            value={step.id}
            onChange={(event) => set({ id: event.target.value })}
          />
        </Field>
        <Field at={key('level')} label={t('dunning.step.level')}>
          <select
            {...levelProps}
            data-testid="step-level"
            value={step.level}
            onChange={(event) => set({ level: event.target.value as DunningLevel })}
          >
            {STEP_LEVELS.map((level) => (
              <option key={level} value={level}>
                {levelName(level, t)}
              </option>
            ))}
          </select>
        </Field>
        <Field at={key('offsetDays')} label={t('dunning.step.offset')}>
          <input
            {...offsetProps}
            type="text"
            inputMode="numeric"
            className="mono"
            data-testid="step-offset"
            value={step.offsetDays}
            onChange={(event) => set({ offsetDays: event.target.value })}
          />
        </Field>
        <Field at={key('from')} label={t('dunning.step.from')}>
          <select
            {...fromProps}
            data-testid="step-from"
            value={step.from}
            onChange={(event) => set({ from: event.target.value === 'previous' ? 'previous' : 'due' })}
          >
            <option value="due">{t('dunning.step.from.due')}</option>
            <option value="previous" disabled={index === 0}>
              {t('dunning.step.from.previous')}
            </option>
          </select>
        </Field>
        <div className="field field-wide" role="group" aria-labelledby={`${channelsProps.id}-label`}>
          <span className="field-label" id={`${channelsProps.id}-label`}>
            {t('dunning.step.channels')}
          </span>
          <span className="dunning-checks" id={channelsProps.id} aria-invalid={channelsProps['aria-invalid']}>
            {STEP_CHANNELS.map((channel) => (
              <label key={channel} className="check">
                <input
                  type="checkbox"
                  data-testid="step-channel"
                  data-channel={channel}
                  checked={step.channels.includes(channel)}
                  onChange={() => set({ channels: toggleChannel(step.channels, channel) })}
                />
                {channelName(channel, t)}
              </label>
            ))}
          </span>
          <FieldMessages at={key('channels')} />
        </div>
        <Field at={key('template')} label={t('dunning.step.template')} className="field-wide">
          <select
            {...templateProps}
            data-testid="step-template"
            value={step.template}
            onChange={(event) => set({ template: event.target.value })}
          >
            <option value="">{t('dunning.template.none')}</option>
            <TemplateOptions ids={templates} current={step.template} />
          </select>
        </Field>
        <Field
          at={key('condition')}
          label={t('dunning.step.condition')}
          hint={t('dunning.step.conditionHint')}
          className="field-wide"
        >
          <input
            {...conditionProps}
            type="text"
            className="mono"
            spellCheck={false}
            autoComplete="off"
            placeholder='customer.type = "consumer"'
            data-testid="step-condition"
            value={step.condition}
            onChange={(event) => set({ condition: event.target.value })}
          />
        </Field>
        <Field at={key('cost')} label={t('dunning.step.cost')} hint={t('dunning.optional')}>
          <input
            {...costProps}
            type="text"
            inputMode="decimal"
            className="mono"
            data-testid="step-cost"
            value={step.cost}
            onChange={(event) => set({ cost: event.target.value })}
          />
        </Field>
        <Field at={key('fee')} label={t('dunning.step.fee')} hint={t('dunning.optional')}>
          <input
            {...feeProps}
            type="text"
            inputMode="decimal"
            className="mono"
            data-testid="step-fee"
            value={step.fee}
            onChange={(event) => set({ fee: event.target.value })}
          />
        </Field>
        <Field at={key('after')} label={t('dunning.step.after')} className="field-wide">
          <select
            {...afterProps}
            data-testid="step-after"
            value={step.after}
            onChange={(event) => set({ after: event.target.value as After | '' })}
          >
            <option value="">{t('dunning.after.none')}</option>
            {AFTER_VALUES.map((after) => (
              <option key={after} value={after}>
                {afterName(after, t)}
              </option>
            ))}
          </select>
        </Field>
        {showScript && (
          <Field at={key('script')} label={t('dunning.step.script')} className="field-wide">
            <textarea
              {...scriptProps}
              rows={4}
              data-testid="step-script"
              value={step.script}
              onChange={(event) => set({ script: event.target.value })}
            />
          </Field>
        )}
      </fieldset>
    </section>
  );
}
