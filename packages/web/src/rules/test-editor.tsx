import { useT, type Translate } from '../i18n/i18n-context';
import { testKey } from './diagnostics';
import { CASE_EVENT_TYPES } from './reaction-model';
import { FieldDiagnostics, useFieldProps } from './rules-ui';
import type { TestReport } from './rules.types';
import type { TestDraft, TestProblem, TestTextField } from './test-model';

type Props = {
  draft: TestDraft;
  index: number;
  editable: boolean;
  /** The test's result in the last report of the saved version, if it ran. */
  result: TestReport['results'][number] | undefined;
  problems: readonly TestProblem[];
  onChange: (draft: TestDraft) => void;
  onRemove: () => void;
};

const EVENT_TYPES_LIST = 'rules-event-types';

function problemText(problem: TestProblem, t: Translate): string {
  if (problem.field === 'name') return t('rules.test.problem.name');
  if (problem.message === 'object') return t('rules.test.problem.object');
  if (problem.message === 'list') return t('rules.test.problem.list');
  return t('rules.test.problem.json', { message: problem.message });
}

/** The known event types, offered by every test's event type input. */
export function EventTypeOptions() {
  return (
    <datalist id={EVENT_TYPES_LIST}>
      {CASE_EVENT_TYPES.map((type) => (
        <option key={type} value={type} />
      ))}
    </datalist>
  );
}

export function TestResultBadge({ result }: { result: TestReport['results'][number] | undefined }) {
  const t = useT();
  if (!result) return <span className="badge">{t('rules.report.notRun')}</span>;
  return result.ok ? (
    <span className="badge badge-pass" data-testid="test-result" data-ok="true">
      {t('rules.report.pass')}
    </span>
  ) : (
    <span className="badge badge-fail" data-testid="test-result" data-ok="false">
      {t('rules.report.fail')}
    </span>
  );
}

/** One embedded test: the facts and event it gives, the decisions and actions it expects. */
export function TestEditor({ draft, index, editable, result, problems, onChange, onRemove }: Props) {
  const t = useT();
  const props = useFieldProps(testKey(index));
  const titleId = `${props.id}-title`;
  const problemOf = (field: TestTextField | 'name') => problems.find((p) => p.field === field);

  const text = (field: TestTextField, label: string, rows: number) => {
    const problem = problemOf(field);
    return (
      <label className="field">
        <span className="field-label">{label}</span>
        <textarea
          className="mono rules-json"
          rows={rows}
          spellCheck={false}
          data-testid={`test-${field}`}
          aria-invalid={problem ? true : undefined}
          value={draft[field]}
          onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
        />
        {problem && (
          <span className="form-error small" role="alert">
            {problemText(problem, t)}
          </span>
        )}
      </label>
    );
  };
  const lines = (value: string, min: number) => Math.min(Math.max(value.split('\n').length, min), 14);
  const nameProblem = problemOf('name');

  return (
    <section
      className="card rules-test"
      data-testid="rule-test"
      data-test={draft.name}
      id={props.id}
      aria-labelledby={titleId}
    >
      <div className="rules-table-head">
        <h2 id={titleId} className="rules-table-title">
          {draft.name || '—'} <TestResultBadge result={result} />
        </h2>
        {editable && (
          <button type="button" className="button button-link button-danger" onClick={onRemove}>
            {t('rules.test.remove')}
          </button>
        )}
      </div>
      {result && !result.ok && (
        <ul className="rules-failures" data-testid="test-failures">
          {result.failures.map((failure, i) => (
            <li key={i}>{failure}</li>
          ))}
        </ul>
      )}
      <FieldDiagnostics at={testKey(index)} />
      <div className="rules-form-row">
        <label className="field field-grow">
          <span className="field-label">{t('rules.test.name')}</span>
          <input
            type="text"
            data-testid="test-name"
            aria-invalid={nameProblem ? true : undefined}
            value={draft.name}
            onChange={(event) => onChange({ ...draft, name: event.target.value })}
          />
          {nameProblem && <span className="form-error small">{problemText(nameProblem, t)}</span>}
        </label>
        <label className="field">
          <span className="field-label">{t('rules.test.eventType')}</span>
          <input
            type="text"
            className="mono"
            list={EVENT_TYPES_LIST}
            data-testid="test-event-type"
            value={draft.eventType}
            onChange={(event) => onChange({ ...draft, eventType: event.target.value })}
          />
        </label>
      </div>
      <div className="rules-test-grid">
        <div className="rules-test-column">
          {text('facts', t('rules.test.facts'), lines(draft.facts, 6))}
          {draft.eventType.trim() !== '' &&
            text('eventData', t('rules.test.eventData'), lines(draft.eventData, 3))}
        </div>
        <div className="rules-test-column">
          {text('decisions', t('rules.test.decisions'), lines(draft.decisions, 4))}
          {text('actions', t('rules.test.actions'), lines(draft.actions, 4))}
        </div>
      </div>
    </section>
  );
}
