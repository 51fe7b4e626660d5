import { useMemo } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/use-api';
import { useT } from '../i18n/i18n-context';
import { removeAt, replaceAt } from '../rules/editor-state';
import { IconButton } from '../rules/icon-button';
import { EmptyState } from '../ui/states';
import { ChannelList } from './channel-icon';
import { ContactRulesForm } from './contact-rules-form';
import { Field, FieldMessages, ProblemsProvider, useErrorsWithin, useFieldPropsFor } from './dunning-fields';
import { afterName, dayLabel, levelName } from './dunning.labels';
import { TEMPLATES_HREF, type TemplateList } from './dunning.types';
import { IdOptions, StepForm, TemplateOptions } from './step-form';
import { StrategyTimeline } from './strategy-timeline';
import {
  challengerFieldKey,
  duplicateStrategy,
  moveStep,
  newStep,
  newStrategy,
  removeStep,
  stepDays,
  stepKey,
  strategyFieldKey,
  strategyKey,
  type ContactRulesDraft,
  type Problems,
  type StepDraft,
  type StrategyDraft,
} from './strategy-model';

export type StrategySelection = { readonly strategy: number; readonly step: number | null };

type Props = {
  strategies: readonly StrategyDraft[] | null;
  contactRules: ContactRulesDraft | null;
  problems: Problems;
  editable: boolean;
  selection: StrategySelection;
  onSelect: (selection: StrategySelection) => void;
  onChange: (patch: {
    strategies?: readonly StrategyDraft[] | null;
    contactRules?: ContactRulesDraft | null;
  }) => void;
};

/** The "Strategies" tab of the rule set editor (C1–C3, L6). */
export function StrategiesEditor(props: Props) {
  const { problems } = props;
  return (
    <ProblemsProvider problems={problems}>
      <StrategiesWorkspace {...props} />
    </ProblemsProvider>
  );
}

function StrategiesWorkspace({ strategies, contactRules, editable, selection, onSelect, onChange }: Props) {
  const t = useT();
  const templates = useApi<TemplateList>('/dunning/templates');
  const templateIds = useMemo(() => (templates.data?.items ?? []).map((item) => item.id), [templates.data]);
  const errorsWithin = useErrorsWithin();
  const list = strategies ?? [];
  const current = Math.min(Math.max(selection.strategy, 0), Math.max(list.length - 1, 0));
  const strategy = list[current];
  const ids = list.map((s) => s.id);

  const setStrategies = (next: readonly StrategyDraft[]) => onChange({ strategies: next });
  const setStrategy = (next: StrategyDraft) => setStrategies(replaceAt(list, current, next));

  const addStrategy = () => {
    const template = templateIds.includes('business-r1') ? 'business-r1' : (templateIds[0] ?? '');
    setStrategies([...list, newStrategy(ids, t('dunning.strategy.newName'), template)]);
    onSelect({ strategy: list.length, step: 0 });
  };

  return (
    <div className="rules-tab dunning-strategies" data-testid="rules-strategies">
      <p className="intro muted small">
        {t('dunning.strategies.intro')}{' '}
        <Link to={TEMPLATES_HREF}>{t('dunning.strategies.templatesLink')}</Link>
      </p>
      {list.length === 0 ? (
        <EmptyState>{t('dunning.strategies.none')}</EmptyState>
      ) : (
        <nav className="dunning-strategy-picker" aria-label={t('dunning.strategies.pick')}>
          {list.map((s, i) => {
            const errors = errorsWithin(strategyKey(i));
            return (
              <button
                key={i}
                type="button"
                className={i === current ? 'dunning-chip dunning-chip-active' : 'dunning-chip'}
                aria-pressed={i === current}
                data-testid="strategy-pick"
                data-strategy={s.id}
                onClick={() => onSelect({ strategy: i, step: null })}
              >
                <span className="mono">{s.id || '?'}</span>
                {errors > 0 && <span className="badge badge-error-count">{errors}</span>}
              </button>
            );
          })}
        </nav>
      )}
      {editable && (
        <div className="rules-add-row">
          <button type="button" className="button" data-testid="add-strategy" onClick={addStrategy}>
            + {t('dunning.strategies.add')}
          </button>
        </div>
      )}

      {strategy && (
        <StrategyView
          key={current}
          index={current}
          strategy={strategy}
          others={ids.filter((_, i) => i !== current)}
          templates={templateIds}
          editable={editable}
          selectedStep={selection.step}
          onSelectStep={(step) => onSelect({ strategy: current, step })}
          onChange={setStrategy}
          onDuplicate={() => {
            setStrategies([...list, duplicateStrategy(strategy, ids)]);
            onSelect({ strategy: list.length, step: null });
          }}
          onRemove={() => {
            setStrategies(removeAt(list, current));
            onSelect({ strategy: Math.max(0, current - 1), step: null });
          }}
        />
      )}

      <ContactRulesForm
        rules={contactRules}
        editable={editable}
        onChange={(next) => onChange({ contactRules: next })}
      />
    </div>
  );
}

function StrategyView({
  index,
  strategy,
  others,
  templates,
  editable,
  selectedStep,
  onSelectStep,
  onChange,
  onDuplicate,
  onRemove,
}: {
  index: number;
  strategy: StrategyDraft;
  others: readonly string[];
  templates: readonly string[];
  editable: boolean;
  selectedStep: number | null;
  onSelectStep: (step: number | null) => void;
  onChange: (strategy: StrategyDraft) => void;
  onDuplicate: () => void;
  onRemove: () => void;
}) {
  const t = useT();
  const fieldProps = useFieldPropsFor();
  const errorsWithin = useErrorsWithin();
  const key = (field: string) => strategyFieldKey(index, field);
  const set = (patch: Partial<StrategyDraft>) => onChange({ ...strategy, ...patch });
  const days = useMemo(() => stepDays(strategy.steps), [strategy.steps]);
  const selected =
    selectedStep !== null && selectedStep < strategy.steps.length
      ? selectedStep
      : strategy.steps.length > 0
        ? 0
        : null;
  const setSteps = (steps: StepDraft[], select: number | null) => {
    set({ steps });
    onSelectStep(select);
  };
  const challengerTotal = strategy.challengers.reduce((sum, c) => sum + (Number(c.share) || 0), 0);

  return (
    <section className="dunning-strategy" data-testid="strategy" data-strategy={strategy.id}>
      <div className="card">
        <div className="card-header">
          <h2>
            {strategy.name || strategy.id} <span className="muted small mono">{strategy.id}</span>
          </h2>
          {editable && (
            <div className="dunning-strategy-actions">
              <button type="button" className="button" data-testid="duplicate-strategy" onClick={onDuplicate}>
                {t('dunning.strategy.duplicate')}
              </button>
              <button
                type="button"
                className="button button-danger"
                data-testid="remove-strategy"
                onClick={onRemove}
              >
                {t('dunning.strategy.remove')}
              </button>
            </div>
          )}
        </div>
        <FieldMessages at={strategyKey(index)} />
        <fieldset className="rules-fieldset dunning-form-grid dunning-strategy-form" disabled={!editable}>
          <Field at={key('id')} label={t('dunning.strategy.id')}>
            <input
              {...fieldProps(key('id'))}
              type="text"
              className="mono"
              data-testid="strategy-id"
              value={strategy.id}
              onChange={(event) => set({ id: event.target.value })}
            />
          </Field>
          <Field at={key('name')} label={t('dunning.strategy.name')} className="field-wide">
            <input
              {...fieldProps(key('name'))}
              type="text"
              data-testid="strategy-name"
              value={strategy.name}
              onChange={(event) => set({ name: event.target.value })}
            />
          </Field>
          <Field at={key('mode')} label={t('dunning.strategy.mode')}>
            <select
              {...fieldProps(key('mode'))}
              data-testid="strategy-mode"
              value={strategy.mode}
              onChange={(event) => set({ mode: event.target.value === 'item' ? 'item' : 'account' })}
            >
              <option value="account">{t('dunning.strategy.mode.account')}</option>
              <option value="item">{t('dunning.strategy.mode.item')}</option>
            </select>
          </Field>
          <Field at={key('minimumAmount')} label={t('dunning.strategy.minimumAmount')}>
            <input
              {...fieldProps(key('minimumAmount'))}
              type="text"
              inputMode="decimal"
              className="mono"
              data-testid="strategy-minimum"
              value={strategy.minimumAmount}
              onChange={(event) => set({ minimumAmount: event.target.value })}
            />
          </Field>
          <Field at={key('thankYouTemplate')} label={t('dunning.strategy.thankYou')}>
            <select
              {...fieldProps(key('thankYouTemplate'))}
              data-testid="strategy-thank-you"
              value={strategy.thankYouTemplate}
              onChange={(event) => set({ thankYouTemplate: event.target.value })}
            >
              <option value="">{t('dunning.strategy.noThankYou')}</option>
              <TemplateOptions ids={templates} current={strategy.thankYouTemplate} />
            </select>
          </Field>
          <div className="field field-wide">
            <label className="check">
              <input
                {...fieldProps(key('includeUnmaturedCreditNotes'))}
                type="checkbox"
                checked={strategy.includeUnmaturedCreditNotes}
                onChange={(event) => set({ includeUnmaturedCreditNotes: event.target.checked })}
              />
              {t('dunning.strategy.creditNotes')}
            </label>
            <FieldMessages at={key('includeUnmaturedCreditNotes')} />
          </div>
        </fieldset>

        <h3 className="dunning-subtitle">{t('dunning.strategy.challengers')}</h3>
        <p className="muted small">{t('dunning.strategy.challengersIntro')}</p>
        <FieldMessages at={key('challengers')} />
        <fieldset className="rules-fieldset" disabled={!editable}>
          {strategy.challengers.length > 0 && (
            <ul className="plain-list dunning-challengers" data-testid="challengers">
              {strategy.challengers.map((challenger, c) => (
                <li key={c} className="dunning-challenger" data-testid="challenger">
                  <Field
                    at={challengerFieldKey(index, c, 'strategy')}
                    label={t('dunning.strategy.challenger')}
                  >
                    <select
                      {...fieldProps(challengerFieldKey(index, c, 'strategy'))}
                      data-testid="challenger-strategy"
                      value={challenger.strategy}
                      onChange={(event) =>
                        set({
                          challengers: replaceAt(strategy.challengers, c, {
                            ...challenger,
                            strategy: event.target.value,
                          }),
                        })
                      }
                    >
                      <option value="">{t('dunning.strategy.pickChallenger')}</option>
                      <IdOptions
                        ids={others}
                        current={challenger.strategy}
                        unknown={(id) => t('dunning.strategy.unknown', { id })}
                      />
                    </select>
                  </Field>
                  <Field at={challengerFieldKey(index, c, 'share')} label={t('dunning.strategy.share')}>
                    <input
                      {...fieldProps(challengerFieldKey(index, c, 'share'))}
                      type="text"
                      inputMode="numeric"
                      className="mono dunning-narrow"
                      data-testid="challenger-share"
                      value={challenger.share}
                      onChange={(event) =>
                        set({
                          challengers: replaceAt(strategy.challengers, c, {
                            ...challenger,
                            share: event.target.value,
                          }),
                        })
                      }
                    />
                  </Field>
                  {editable && (
                    <IconButton
                      label={t('dunning.strategy.removeChallenger')}
                      onClick={() => set({ challengers: removeAt(strategy.challengers, c) })}
                    >
                      ×
                    </IconButton>
                  )}
                </li>
              ))}
            </ul>
          )}
          {strategy.challengers.length > 0 && (
            <p className="muted small" data-testid="champion-share">
              {t('dunning.strategy.championShare', { share: Math.max(0, 100 - challengerTotal) })}
            </p>
          )}
          {editable && (
            <button
              type="button"
              className="button"
              data-testid="add-challenger"
              onClick={() =>
                set({ challengers: [...strategy.challengers, { strategy: others[0] ?? '', share: '20' }] })
              }
            >
              + {t('dunning.strategy.addChallenger')}
            </button>
          )}
        </fieldset>
      </div>

      <div className="card dunning-steps-card">
        <h2>{t('dunning.steps.title')}</h2>
        <FieldMessages at={key('steps')} />
        <StrategyTimeline
          strategy={index}
          steps={strategy.steps}
          selected={selected}
          onSelect={onSelectStep}
        />
        <div className="dunning-steps-layout">
          <div className="table-wrap">
            <table className="table dunning-steps" data-testid="strategy-steps">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('dunning.step.id')}</th>
                  <th>{t('dunning.step.level')}</th>
                  <th>{t('dunning.steps.when')}</th>
                  <th>{t('dunning.step.channels')}</th>
                  <th>{t('dunning.step.template')}</th>
                  <th>{t('dunning.step.cost')}</th>
                  <th aria-label={t('dunning.actions')} />
                </tr>
              </thead>
              <tbody>
                {strategy.steps.map((step, i) => {
                  const day = days[i] ?? null;
                  const errors = errorsWithin(stepKey(index, i));
                  return (
                    <tr
                      key={i}
                      className={i === selected ? 'row-selected' : undefined}
                      data-testid="strategy-step"
                      data-step={step.id}
                      aria-selected={i === selected}
                    >
                      <td className="muted">{i + 1}</td>
                      <td>
                        <button
                          type="button"
                          className="button-link mono"
                          data-testid="select-step"
                          onClick={() => onSelectStep(i)}
                        >
                          {step.id || '?'}
                        </button>
                        {errors > 0 && <span className="badge badge-error-count">{errors}</span>}
                      </td>
                      <td>{levelName(step.level, t)}</td>
                      <td className="nowrap">
                        {day === null ? '?' : dayLabel(day, t)}{' '}
                        <span className="muted small">
                          {step.from === 'previous'
                            ? t('dunning.timeline.fromPrevious', { days: step.offsetDays })
                            : t('dunning.timeline.fromDue')}
                        </span>
                      </td>
                      <td>
                        <ChannelList channels={step.channels} />
                        {step.after && step.after !== 'wait' && (
                          <span className="badge badge-after">→ {afterName(step.after, t)}</span>
                        )}
                      </td>
                      <td className="mono small">{step.channels.length > 0 ? step.template : ''}</td>
                      <td className="mono small">{step.cost}</td>
                      <td className="nowrap">
                        {editable && (
                          <span className="rules-row-actions">
                            <IconButton
                              label={t('dunning.steps.moveUp')}
                              disabled={i === 0}
                              onClick={() => setSteps(moveStep(strategy.steps, i, i - 1), i - 1)}
                            >
                              ↑
                            </IconButton>
                            <IconButton
                              label={t('dunning.steps.moveDown')}
                              disabled={i === strategy.steps.length - 1}
                              onClick={() => setSteps(moveStep(strategy.steps, i, i + 1), i + 1)}
                            >
                              ↓
                            </IconButton>
                            <IconButton
                              label={t('dunning.steps.remove')}
                              onClick={() =>
                                setSteps(
                                  removeStep(strategy.steps, i),
                                  Math.max(0, Math.min(i, strategy.steps.length - 2)),
                                )
                              }
                            >
                              ×
                            </IconButton>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {editable && (
              <div className="rules-add-row">
                <button
                  type="button"
                  className="button"
                  data-testid="add-step"
                  onClick={() =>
                    setSteps([...strategy.steps, newStep(strategy.steps)], strategy.steps.length)
                  }
                >
                  + {t('dunning.steps.add')}
                </button>
              </div>
            )}
          </div>
          {selected !== null && strategy.steps[selected] && (
            <StepForm
              key={selected}
              strategy={index}
              index={selected}
              step={strategy.steps[selected]}
              day={days[selected] ?? null}
              templates={templates}
              editable={editable}
              onChange={(step) => set({ steps: replaceAt(strategy.steps, selected, step) })}
            />
          )}
        </div>
      </div>
    </section>
  );
}
