import { useT } from '../i18n/i18n-context';
import { cellKey, columnKey, ruleKey, tableKey } from './diagnostics';
import { FieldDiagnostics, useCount, useDiagnostics, useFieldProps } from './rules-ui';
import type { DecisionTable } from './rules.types';
import {
  addInput,
  addOutput,
  addRule,
  AGGREGATIONS,
  HIT_POLICIES,
  isAggregation,
  isHitPolicy,
  moveRule,
  removeInput,
  removeOutput,
  removeRule,
  setAggregation,
  setCell,
  setHitPolicy,
  updateInput,
  updateOutput,
  updateRule,
  type CellKind,
} from './table-model';
import { IconButton } from './icon-button';

type Props = {
  table: DecisionTable;
  editable: boolean;
  /** The DMN download of the saved table, when it is saved. */
  exportHref: string | null;
  onChange: (table: DecisionTable) => void;
  onRemove: () => void;
};

function Cell({
  table,
  ruleIndex,
  kind,
  column,
  value,
  label,
  onChange,
}: {
  table: DecisionTable;
  ruleIndex: number;
  kind: CellKind;
  column: number;
  value: string;
  label: string;
  onChange: (table: DecisionTable) => void;
}) {
  const t = useT();
  const key = cellKey(table.id, ruleIndex, kind, column);
  const field = useFieldProps(key);
  const rule = table.rules[ruleIndex];
  return (
    <td className={`rules-cell rules-cell-${kind}`}>
      <input
        {...field}
        type="text"
        className="rules-cell-input mono"
        spellCheck={false}
        autoComplete="off"
        data-testid="rule-cell"
        data-table={table.id}
        data-rule={rule?.id}
        data-kind={kind}
        data-index={column}
        aria-label={t('rules.table.cellLabel', { rule: rule?.id ?? ruleIndex + 1, column: label })}
        value={value}
        onChange={(event) => onChange(setCell(table, ruleIndex, kind, column, event.target.value))}
      />
      <FieldDiagnostics at={key} />
    </td>
  );
}

function InputHeader({
  table,
  column,
  editable,
  onChange,
}: {
  table: DecisionTable;
  column: number;
  editable: boolean;
  onChange: (table: DecisionTable) => void;
}) {
  const t = useT();
  const input = table.inputs[column];
  const key = columnKey(table.id, 'input', column);
  const field = useFieldProps(key);
  if (!input) return null;
  return (
    <th className="rules-grid-head rules-grid-head-input" scope="col">
      <div className="rules-head-fields">
        <input
          type="text"
          className="rules-head-label"
          aria-label={`${t('rules.table.input')} ${column + 1}: ${t('rules.table.inputLabel')}`}
          placeholder={t('rules.table.inputLabel')}
          data-testid="input-label"
          value={input.label}
          onChange={(event) => onChange(updateInput(table, column, { label: event.target.value }))}
        />
        <input
          {...field}
          type="text"
          className="rules-head-expression mono"
          spellCheck={false}
          aria-label={`${t('rules.table.input')} ${column + 1}: ${t('rules.table.inputExpression')}`}
          placeholder={t('rules.table.inputExpression')}
          data-testid="input-expression"
          value={input.expression}
          onChange={(event) => onChange(updateInput(table, column, { expression: event.target.value }))}
        />
        {editable && (
          <IconButton
            label={t('rules.table.removeColumn')}
            onClick={() => onChange(removeInput(table, column))}
          >
            ×
          </IconButton>
        )}
      </div>
      <FieldDiagnostics at={key} />
    </th>
  );
}

function OutputHeader({
  table,
  column,
  editable,
  onChange,
}: {
  table: DecisionTable;
  column: number;
  editable: boolean;
  onChange: (table: DecisionTable) => void;
}) {
  const t = useT();
  const output = table.outputs[column];
  const key = columnKey(table.id, 'output', column);
  const field = useFieldProps(key);
  if (!output) return null;
  return (
    <th className="rules-grid-head rules-grid-head-output" scope="col">
      <div className="rules-head-fields">
        <input
          {...field}
          type="text"
          className="rules-head-label mono"
          spellCheck={false}
          aria-label={`${t('rules.table.output')} ${column + 1}: ${t('rules.table.outputName')}`}
          placeholder={t('rules.table.outputName')}
          data-testid="output-name"
          value={output.name}
          onChange={(event) => onChange(updateOutput(table, column, { name: event.target.value }))}
        />
        {editable && (
          <IconButton
            label={t('rules.table.removeColumn')}
            onClick={() => onChange(removeOutput(table, column))}
          >
            ×
          </IconButton>
        )}
      </div>
      <FieldDiagnostics at={key} />
    </th>
  );
}

function RuleRow({
  table,
  index,
  editable,
  onChange,
}: {
  table: DecisionTable;
  index: number;
  editable: boolean;
  onChange: (table: DecisionTable) => void;
}) {
  const t = useT();
  const rule = table.rules[index];
  const rowField = useFieldProps(ruleKey(table.id, index));
  if (!rule) return null;
  const columnLabel = (kind: CellKind, column: number) => {
    if (kind === 'input') {
      const input = table.inputs[column];
      return input?.label || input?.expression || `${t('rules.table.input')} ${column + 1}`;
    }
    return table.outputs[column]?.name || `${t('rules.table.output')} ${column + 1}`;
  };
  return (
    <tr data-testid="decision-rule" data-rule={rule.id} id={rowField.id}>
      <td className="rules-grid-num">
        <span className="rules-rule-number">{index + 1}</span>
        <input
          type="text"
          className="rules-rule-id mono"
          aria-label={`${t('rules.table.ruleId')} ${index + 1}`}
          title={t('rules.table.ruleId')}
          value={rule.id}
          onChange={(event) => onChange(updateRule(table, index, { id: event.target.value }))}
        />
        <FieldDiagnostics at={ruleKey(table.id, index)} />
      </td>
      {rule.inputEntries.map((value, column) => (
        <Cell
          key={`i${column}`}
          table={table}
          ruleIndex={index}
          kind="input"
          column={column}
          value={value}
          label={columnLabel('input', column)}
          onChange={onChange}
        />
      ))}
      {rule.outputEntries.map((value, column) => (
        <Cell
          key={`o${column}`}
          table={table}
          ruleIndex={index}
          kind="output"
          column={column}
          value={value}
          label={columnLabel('output', column)}
          onChange={onChange}
        />
      ))}
      <td className="rules-cell rules-cell-description">
        <input
          type="text"
          aria-label={`${t('rules.table.description')} ${index + 1}`}
          value={rule.description ?? ''}
          onChange={(event) => onChange(updateRule(table, index, { description: event.target.value }))}
        />
      </td>
      {editable && (
        <td className="rules-row-actions nowrap">
          <IconButton
            label={t('rules.table.moveUp')}
            disabled={index === 0}
            onClick={() => onChange(moveRule(table, index, index - 1))}
          >
            ↑
          </IconButton>
          <IconButton
            label={t('rules.table.moveDown')}
            disabled={index === table.rules.length - 1}
            onClick={() => onChange(moveRule(table, index, index + 1))}
          >
            ↓
          </IconButton>
          <IconButton label={t('rules.table.insertRule')} onClick={() => onChange(addRule(table, index))}>
            +
          </IconButton>
          <button
            type="button"
            className="button-icon button-danger"
            title={t('rules.table.removeRule')}
            aria-label={t('rules.table.removeRule')}
            data-testid="remove-rule"
            onClick={() => onChange(removeRule(table, index))}
          >
            ×
          </button>
        </td>
      )}
    </tr>
  );
}

/** One decision table as a grid: a row per rule, a FEEL cell per input and output. */
export function DecisionTableEditor({ table, editable, exportHref, onChange, onRemove }: Props) {
  const t = useT();
  const count = useCount();
  const diagnostics = useDiagnostics();
  const tableField = useFieldProps(tableKey(table.id));
  const errors = diagnostics.errorsWithin(tableKey(table.id));
  const titleId = `${tableField.id}-title`;
  return (
    <section
      className="card rules-table"
      data-testid="decision-table"
      data-table={table.id}
      id={tableField.id}
      aria-labelledby={titleId}
    >
      <div className="rules-table-head">
        <h2 id={titleId} className="rules-table-title">
          {table.name || table.id}{' '}
          <span className="muted small">
            {count(table.rules.length, 'rules.table.ruleCount.one', 'rules.table.ruleCount.other')}
          </span>
          {errors > 0 && (
            <span className="badge badge-error-count">
              {count(errors, 'rules.errorCount.one', 'rules.errorCount.other')}
            </span>
          )}
        </h2>
        <div className="rules-table-links">
          {exportHref && (
            <a href={exportHref} download={`${table.id}.dmn`} data-testid="dmn-export">
              {t('rules.table.exportDmn')}
            </a>
          )}
          {editable && (
            <button type="button" className="button button-link button-danger" onClick={onRemove}>
              {t('rules.table.remove')}
            </button>
          )}
        </div>
      </div>
      <div className="rules-form-row">
        <label className="field">
          <span className="field-label">{t('rules.table.name')}</span>
          <input
            type="text"
            value={table.name}
            data-testid="table-name"
            onChange={(event) => onChange({ ...table, name: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('rules.table.id')}</span>
          <input
            type="text"
            className="mono"
            size={16}
            value={table.id}
            onChange={(event) => onChange({ ...table, id: event.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('rules.table.hitPolicy')}</span>
          <select
            value={table.hitPolicy}
            data-testid="hit-policy"
            onChange={(event) => {
              if (isHitPolicy(event.target.value)) onChange(setHitPolicy(table, event.target.value));
            }}
          >
            {HIT_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {policy}
              </option>
            ))}
          </select>
        </label>
        {table.hitPolicy === 'COLLECT' && (
          <label className="field">
            <span className="field-label">{t('rules.table.aggregation')}</span>
            <select
              value={table.aggregation ?? ''}
              data-testid="aggregation"
              onChange={(event) =>
                onChange(setAggregation(table, isAggregation(event.target.value) ? event.target.value : null))
              }
            >
              <option value="">{t('rules.table.noAggregation')}</option>
              {AGGREGATIONS.map((aggregation) => (
                <option key={aggregation} value={aggregation}>
                  {aggregation}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <FieldDiagnostics at={tableKey(table.id)} />
      <div className="table-wrap rules-grid-wrap">
        <table className="table rules-grid">
          <thead>
            <tr>
              <th rowSpan={2} className="rules-grid-num">
                #
              </th>
              {table.inputs.length > 0 && (
                <th colSpan={table.inputs.length} className="rules-grid-group rules-grid-group-input">
                  {t('rules.table.input')}
                </th>
              )}
              {table.outputs.length > 0 && (
                <th colSpan={table.outputs.length} className="rules-grid-group rules-grid-group-output">
                  {t('rules.table.output')}
                </th>
              )}
              <th rowSpan={2}>{t('rules.table.description')}</th>
              {editable && <th rowSpan={2} aria-hidden="true" />}
            </tr>
            <tr>
              {table.inputs.map((_, column) => (
                <InputHeader
                  key={column}
                  table={table}
                  column={column}
                  editable={editable}
                  onChange={onChange}
                />
              ))}
              {table.outputs.map((_, column) => (
                <OutputHeader
                  key={column}
                  table={table}
                  column={column}
                  editable={editable}
                  onChange={onChange}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rules.map((_, index) => (
              <RuleRow key={index} table={table} index={index} editable={editable} onChange={onChange} />
            ))}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="rules-table-actions">
          <button
            type="button"
            className="button"
            data-testid="add-rule"
            onClick={() => onChange(addRule(table))}
          >
            + {t('rules.table.addRule')}
          </button>
          <button type="button" className="button" onClick={() => onChange(addInput(table))}>
            + {t('rules.table.addInput')}
          </button>
          <button type="button" className="button" onClick={() => onChange(addOutput(table))}>
            + {t('rules.table.addOutput')}
          </button>
        </div>
      )}
    </section>
  );
}
