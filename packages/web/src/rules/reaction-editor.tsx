import { useT } from '../i18n/i18n-context';
import { actionFieldKey, actionKey, reactionKey, reactionPartKey } from './diagnostics';
import { moveAt, removeAt, replaceAt } from './editor-state';
import {
  ACTION_FIELDS,
  ACTION_TYPES,
  actionValue,
  buildAction,
  CASE_EVENT_TYPES,
  changeActionType,
  FLAGS,
  isActionType,
  setActionField,
  unknownEventTypes,
  updateReaction,
} from './reaction-model';
import { fieldName } from './rules.labels';
import { FieldDiagnostics, useCount, useDiagnostics, useFieldProps } from './rules-ui';
import type { ActionTemplate, ReactionRule } from './rules.types';
import { IconButton } from './icon-button';

type Props = {
  rule: ReactionRule;
  index: number;
  editable: boolean;
  onChange: (rule: ReactionRule) => void;
  onRemove: () => void;
};

function ActionFieldInput({
  action,
  reaction,
  index,
  field,
  required,
  onChange,
}: {
  action: ActionTemplate;
  reaction: number;
  index: number;
  field: string;
  required: boolean;
  onChange: (action: ActionTemplate) => void;
}) {
  const t = useT();
  const key = actionFieldKey(reaction, index, field);
  const props = useFieldProps(key);
  const label = (
    <span className="field-label">
      {fieldName(field, t)}
      {!required && <span className="field-optional"> · {t('rules.reaction.optional')}</span>}
    </span>
  );
  if (action.type === 'setFlag' && field === 'flag') {
    return (
      <label className="field">
        {label}
        <select
          {...props}
          data-testid="action-field"
          data-field={field}
          value={action.flag}
          onChange={(event) => onChange(setActionField(action, field, event.target.value))}
        >
          {FLAGS.map((flag) => (
            <option key={flag} value={flag}>
              {t(`rules.flag.${flag}`)}
            </option>
          ))}
        </select>
        <FieldDiagnostics at={key} />
      </label>
    );
  }
  return (
    <label className="field rules-action-field">
      {label}
      <input
        {...props}
        type="text"
        className="mono"
        spellCheck={false}
        autoComplete="off"
        data-testid="action-field"
        data-field={field}
        value={actionValue(action, field)}
        onChange={(event) => onChange(setActionField(action, field, event.target.value))}
      />
      <FieldDiagnostics at={key} />
    </label>
  );
}

function ActionEditor({
  action,
  reaction,
  index,
  count,
  editable,
  onChange,
  onMove,
  onRemove,
}: {
  action: ActionTemplate;
  reaction: number;
  index: number;
  count: number;
  editable: boolean;
  onChange: (action: ActionTemplate) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const props = useFieldProps(actionKey(reaction, index));
  return (
    <li className="rules-action" data-testid="reaction-action" data-type={action.type} id={props.id}>
      <div className="rules-action-fields">
        <label className="field">
          <span className="field-label">
            {t('rules.reaction.actionType')} {index + 1}
          </span>
          <select
            data-testid="action-type"
            value={action.type}
            onChange={(event) => {
              if (isActionType(event.target.value)) onChange(changeActionType(action, event.target.value));
            }}
          >
            {ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`rules.action.${type}`)}
              </option>
            ))}
          </select>
        </label>
        {ACTION_FIELDS[action.type].map((field) => (
          <ActionFieldInput
            key={`${action.type}-${field.name}`}
            action={action}
            reaction={reaction}
            index={index}
            field={field.name}
            required={field.required}
            onChange={onChange}
          />
        ))}
        {editable && (
          <div className="rules-action-buttons nowrap">
            <IconButton
              label={t('rules.table.moveUp')}
              disabled={index === 0}
              onClick={() => onMove(index - 1)}
            >
              ↑
            </IconButton>
            <IconButton
              label={t('rules.table.moveDown')}
              disabled={index === count - 1}
              onClick={() => onMove(index + 1)}
            >
              ↓
            </IconButton>
            <button
              type="button"
              className="button-icon button-danger"
              title={t('rules.reaction.removeAction')}
              aria-label={t('rules.reaction.removeAction')}
              onClick={onRemove}
            >
              ×
            </button>
          </div>
        )}
      </div>
      <FieldDiagnostics at={actionKey(reaction, index)} />
    </li>
  );
}

function EventTypes({
  rule,
  index,
  editable,
  onChange,
}: {
  rule: ReactionRule;
  index: number;
  editable: boolean;
  onChange: (on: string[]) => void;
}) {
  const t = useT();
  const key = reactionPartKey(index, 'on');
  const props = useFieldProps(key);
  const unknown = new Set(unknownEventTypes(rule.on));
  const available = CASE_EVENT_TYPES.filter((type) => !rule.on.includes(type));
  return (
    <div className="field" id={props.id}>
      <span className="field-label">{t('rules.reaction.on')}</span>
      <div className="rules-chips" data-testid="reaction-on">
        {rule.on.length === 0 && <span className="form-error small">{t('rules.reaction.noEvent')}</span>}
        {rule.on.map((type) => (
          <span
            key={type}
            className={unknown.has(type) ? 'chip chip-warning' : 'chip'}
            title={unknown.has(type) ? t('rules.reaction.unknownEvent') : undefined}
            data-testid="reaction-event"
          >
            <span className="mono">{type}</span>
            {editable && (
              <button
                type="button"
                className="chip-remove"
                aria-label={t('rules.reaction.removeEvent', { event: type })}
                onClick={() => onChange(rule.on.filter((other) => other !== type))}
              >
                ×
              </button>
            )}
          </span>
        ))}
        {editable && available.length > 0 && (
          <select
            className="rules-add-event"
            aria-label={t('rules.reaction.addEvent')}
            data-testid="reaction-add-event"
            value=""
            onChange={(event) => {
              if (event.target.value) onChange([...rule.on, event.target.value]);
            }}
          >
            <option value="">{t('rules.reaction.addEvent')}</option>
            {available.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        )}
      </div>
      <FieldDiagnostics at={key} />
    </div>
  );
}

/** A reaction rule as a form: on which events, when, then which actions. */
export function ReactionEditor({ rule, index, editable, onChange, onRemove }: Props) {
  const t = useT();
  const count = useCount();
  const diagnostics = useDiagnostics();
  const ruleProps = useFieldProps(reactionKey(index));
  const whenKey = reactionPartKey(index, 'when');
  const whenProps = useFieldProps(whenKey);
  const errors = diagnostics.errorsWithin(reactionKey(index));
  const enabled = rule.enabled !== false;
  const update = (patch: Partial<ReactionRule>) => onChange(updateReaction(rule, patch));
  const titleId = `${ruleProps.id}-title`;

  return (
    <section
      className={enabled ? 'card rules-reaction' : 'card rules-reaction rules-reaction-disabled'}
      data-testid="reaction"
      data-reaction={rule.id}
      id={ruleProps.id}
      aria-labelledby={titleId}
    >
      <div className="rules-table-head">
        <h2 id={titleId} className="rules-table-title">
          {rule.name || rule.id} {!enabled && <span className="badge">{t('rules.reaction.disabled')}</span>}
          {errors > 0 && (
            <span className="badge badge-error-count">
              {count(errors, 'rules.errorCount.one', 'rules.errorCount.other')}
            </span>
          )}
        </h2>
        <div className="rules-table-links">
          <label className="check">
            <input
              type="checkbox"
              data-testid="reaction-enabled"
              checked={enabled}
              onChange={(event) => update({ enabled: event.target.checked })}
            />
            {t('rules.reaction.enabled')}
          </label>
          {editable && (
            <button type="button" className="button button-link button-danger" onClick={onRemove}>
              {t('rules.reaction.remove')}
            </button>
          )}
        </div>
      </div>
      <div className="rules-form-row">
        <label className="field">
          <span className="field-label">{t('rules.reaction.id')}</span>
          <input
            type="text"
            className="mono"
            size={24}
            value={rule.id}
            onChange={(event) => update({ id: event.target.value })}
          />
        </label>
        <label className="field field-grow">
          <span className="field-label">{t('rules.reaction.name')}</span>
          <input type="text" value={rule.name} onChange={(event) => update({ name: event.target.value })} />
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('rules.reaction.description')}</span>
        <input
          type="text"
          value={rule.description ?? ''}
          onChange={(event) => update({ description: event.target.value })}
        />
      </label>
      <FieldDiagnostics at={reactionKey(index)} />
      <EventTypes rule={rule} index={index} editable={editable} onChange={(on) => update({ on })} />
      <label className="field">
        <span className="field-label">{t('rules.reaction.when')}</span>
        <textarea
          {...whenProps}
          className="mono"
          rows={2}
          spellCheck={false}
          data-testid="reaction-when"
          value={rule.when ?? ''}
          onChange={(event) => update({ when: event.target.value })}
        />
        <FieldDiagnostics at={whenKey} />
      </label>
      <div className="field">
        <span className="field-label">{t('rules.reaction.then')}</span>
        <ol className="rules-actions">
          {rule.then.map((action, i) => (
            <ActionEditor
              key={i}
              action={action}
              reaction={index}
              index={i}
              count={rule.then.length}
              editable={editable}
              onChange={(next) => update({ then: replaceAt(rule.then, i, next) })}
              onMove={(to) => update({ then: moveAt(rule.then, i, to) })}
              onRemove={() => update({ then: removeAt(rule.then, i) })}
            />
          ))}
        </ol>
        {editable && (
          <div>
            <button
              type="button"
              className="button"
              data-testid="add-action"
              onClick={() => update({ then: [...rule.then, buildAction('assignManager', { manager: '' })] })}
            >
              + {t('rules.reaction.addAction')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
