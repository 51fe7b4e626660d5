import type { RuleSetDetailDto, RuleSetSummaryDto } from '@quittance/api-contract';
import { useMemo, useState, type ChangeEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { API_BASE, ApiError, apiPost, apiPostText, apiPut } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { DecisionTableEditor } from './decision-table-editor';
import {
  DOCUMENT_KEY,
  fieldDomId,
  indexDiagnostics,
  reactionKey,
  tabOf,
  tableKey,
  testKey,
  type DiagnosticIndex,
  type FieldKey,
} from './diagnostics';
import { StrategiesEditor, type StrategySelection } from '../dunning/strategy-editor';
import { CONTACT_KEY, draftProblems, selectionOfKey, strategyKey } from '../dunning/strategy-model';
import { editorState, isDirty, removeAt, replaceAt, toDocument, type EditorState } from './editor-state';
import { newReaction } from './reaction-model';
import { ReactionEditor } from './reaction-editor';
import { RuleSetChanges } from './rule-set-changes';
import { RuleSetSimulation } from './rule-set-simulation';
import { DiagnosticMessage, DiagnosticsProvider, RuleSetStatusBadge, useCount } from './rules-ui';
import { RULE_SETS_PATH, RULES_HREF, ruleSetHref, ruleSetPath, type TestReport } from './rules.types';
import { freshId, newTable } from './table-model';
import { EventTypeOptions, TestEditor, TestResultBadge } from './test-editor';
import { newTestDraft, type TestProblem } from './test-model';

const TABS = ['decisions', 'reactions', 'strategies', 'tests', 'changes', 'simulation'] as const;
type Tab = (typeof TABS)[number];

function parseTab(value: string | null): Tab {
  return (TABS as readonly (string | null)[]).includes(value) ? (value as Tab) : 'decisions';
}

/** The strategy and step shown on the Strategies tab (`?strategy=1&step=2`, positions from 0). */
function parseSelection(params: URLSearchParams): StrategySelection {
  const number = (name: string) => {
    const value = params.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : null;
  };
  return { strategy: number('strategy') ?? 0, step: number('step') };
}

type Busy = 'save' | 'test' | 'publish' | 'import' | 'copy';

type Feedback =
  | { kind: 'saved' }
  | { kind: 'unreadable'; where: 'tests' | 'strategies' }
  | { kind: 'error'; error: unknown }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'published'; version: number }
  | { kind: 'imported'; file: string; warnings: string[] }
  | null;

/** The location of a diagnostic in words, as the compiler wrote it. */
function whereText(where: string | undefined, fallback: string): string {
  return where && where.trim() !== '' ? where : fallback;
}

function DiagnosticsPanel({ index, onGoTo }: { index: DiagnosticIndex; onGoTo: (key: FieldKey) => void }) {
  const t = useT();
  const count = useCount();
  const errors = index.all.filter((d) => d.severity === 'error').length;
  const warnings = index.all.length - errors;
  if (index.all.length === 0) {
    return (
      <p className="form-success small" data-testid="rules-diagnostics" data-errors={0}>
        {t('rules.diagnostics.none')}
      </p>
    );
  }
  return (
    <section
      className="card rules-diagnostics"
      data-testid="rules-diagnostics"
      data-errors={errors}
      aria-labelledby="rules-diagnostics-title"
    >
      <h2 id="rules-diagnostics-title">
        {t('rules.diagnostics.title')}{' '}
        <span className="muted small">
          {count(errors, 'rules.errorCount.one', 'rules.errorCount.other')},{' '}
          {count(warnings, 'rules.diagnostics.warningCount.one', 'rules.diagnostics.warningCount.other')}
        </span>
      </h2>
      <ul className="rules-diagnostic-list">
        {index.all.map((d, i) => (
          <li key={i} data-testid="diagnostic" data-severity={d.severity} data-code={d.code}>
            <span className="mono small rules-where">
              {whereText(d.where, t('rules.diagnostics.document'))}
            </span>{' '}
            <DiagnosticMessage diagnostic={d} />
            {d.key !== DOCUMENT_KEY && (
              <>
                {' '}
                <button type="button" className="button-link-inline" onClick={() => onGoTo(d.key)}>
                  {t('rules.diagnostics.goTo')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TestReportPanel({ report }: { report: TestReport }) {
  const t = useT();
  return (
    <section
      className={report.failed > 0 ? 'card rules-report rules-report-failed' : 'card rules-report'}
      data-testid="test-report"
      data-passed={report.passed}
      data-failed={report.failed}
      aria-labelledby="rules-report-title"
    >
      <h2 id="rules-report-title">
        {t('rules.report.title')}{' '}
        <span className="muted small" data-testid="test-report-summary">
          {t('rules.report.summary', { passed: report.passed, failed: report.failed })}
        </span>
      </h2>
      <ul className="rules-report-list">
        {[...report.results]
          .sort((a, b) => Number(a.ok) - Number(b.ok))
          .map((result) => (
            <li
              key={result.name}
              data-testid="test-report-result"
              data-ok={result.ok ? 'true' : 'false'}
              data-name={result.name}
            >
              <TestResultBadge result={result} /> {result.name}
              {result.failures.length > 0 && (
                <ul className="rules-failures">
                  {result.failures.map((failure, i) => (
                    <li key={i}>{failure}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
      </ul>
    </section>
  );
}

function FeedbackView({ feedback }: { feedback: Feedback }) {
  const t = useT();
  if (!feedback) return null;
  switch (feedback.kind) {
    case 'saved':
      return (
        <p className="form-success" role="status" data-testid="rules-saved">
          {t('rules.saved')}
        </p>
      );
    case 'unreadable':
      return (
        <p className="form-error" role="alert" data-testid="rules-unreadable" data-where={feedback.where}>
          {feedback.where === 'tests' ? t('rules.testsUnreadable') : t('dunning.strategies.unreadable')}
        </p>
      );
    case 'published':
      return (
        <p className="form-success" role="status" data-testid="rules-published">
          {t('rules.publishedNow', { version: feedback.version })}
        </p>
      );
    case 'imported':
      return (
        <div className="form-success" role="status" data-testid="rules-imported">
          {t('rules.dmn.imported', { file: feedback.file })}
          {feedback.warnings.length > 0 && (
            <ul className="muted small">
              {feedback.warnings.map((warning, i) => (
                <li key={i}>{warning}</li>
              ))}
            </ul>
          )}
        </div>
      );
    case 'refused': {
      const problem = feedback.error.problem;
      return (
        <section
          className="state state-error"
          role="alert"
          data-testid="publish-refused"
          data-code={problem?.code}
        >
          <strong>{t('rules.publishRefused')}</strong>
          {problem?.detail && !problem.issues?.length && <p>{problem.detail}</p>}
          {problem?.issues && problem.issues.length > 0 && (
            <ul>
              {problem.issues.map((issue, i) => (
                <li key={i} data-testid="publish-issue">
                  <code>{issue.path}</code> {issue.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      );
    }
    case 'error':
      return <ErrorState error={feedback.error} />;
  }
}

/** The editor of one version; it owns the unsaved edits, which survive switching tabs. */
function RuleSetWorkspace({ initial }: { initial: RuleSetDetailDto }) {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [detail, setDetail] = useState(initial);
  const [saved, setSaved] = useState<EditorState>(() => editorState(initial.document));
  const [state, setState] = useState<EditorState>(saved);
  const [revision, setRevision] = useState(0);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [testProblems, setTestProblems] = useState<ReadonlyMap<number, TestProblem[]>>(new Map());
  const [report, setReport] = useState<TestReport | null>(null);
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = parseTab(searchParams.get('tab'));
  const selection = parseSelection(searchParams);
  const versions = useApi<{ items: RuleSetSummaryDto[] }>(RULE_SETS_PATH);
  useDocumentTitle(t('rules.editorTitle', { version: detail.version }));

  const version = detail.version;
  const path = ruleSetPath(version);
  const editable = detail.status === 'draft';
  const dirty = editable && isDirty(state, saved);
  // Diagnostics describe the saved document: place them against it.
  const diagnostics = useMemo(() => indexDiagnostics(detail.diagnostics, detail.document), [detail]);
  const tableNames = useMemo(() => new Map(state.decisions.map((d) => [d.id, d.name])), [state.decisions]);
  const savedTableIds = useMemo(() => new Set(detail.document.decisions.map((d) => d.id)), [detail]);
  const latestReport = report ?? detail.testReport;
  // What the strategy forms hold and does not read, checked as the user types.
  const dunningProblems = useMemo(
    () => draftProblems(state.strategies, state.contactRules),
    [state.strategies, state.contactRules],
  );

  const setTab = (next: Tab, select?: StrategySelection) =>
    setSearchParams(
      (params) => {
        const copy = new URLSearchParams(params);
        if (next === 'decisions') copy.delete('tab');
        else copy.set('tab', next);
        if (select) {
          copy.set('strategy', String(select.strategy));
          if (select.step === null) copy.delete('step');
          else copy.set('step', String(select.step));
        }
        return copy;
      },
      { replace: select !== undefined && next === tab },
    );

  const update = (patch: Partial<EditorState>) => setState((previous) => ({ ...previous, ...patch }));

  const accept = (next: RuleSetDetailDto) => {
    const nextState = editorState(next.document);
    setDetail(next);
    setSaved(nextState);
    setState(nextState);
    setRevision((r) => r + 1);
  };

  /** Saves the edits; what does not read instead (and then nothing was sent). */
  const saveNow = async (): Promise<Feedback | null> => {
    const read = toDocument(state);
    if (!read.ok) {
      setTestProblems(read.problems);
      const where = read.problems.size > 0 ? 'tests' : 'strategies';
      setTab(where);
      return { kind: 'unreadable', where };
    }
    setTestProblems(new Map());
    accept(await apiPut<RuleSetDetailDto>(path, read.document));
    return null;
  };

  const act = async (kind: Busy, work: () => Promise<Feedback>) => {
    if (busy) return;
    setBusy(kind);
    setFeedback(null);
    try {
      setFeedback(await work());
    } catch (error) {
      setFeedback({ kind: 'error', error });
    } finally {
      setBusy(null);
    }
  };

  const onSave = () =>
    act('save', async () => {
      setReport(null);
      return (await saveNow()) ?? { kind: 'saved' };
    });

  const onRunTests = () =>
    act('test', async () => {
      const unreadable = dirty ? await saveNow() : null;
      if (unreadable) return unreadable;
      try {
        setReport(await apiPost<TestReport>(`${path}/test`, {}));
        return null;
      } catch (error) {
        setReport(null);
        throw error;
      }
    });

  const onPublish = () =>
    act('publish', async () => {
      const unreadable = dirty ? await saveNow() : null;
      if (unreadable) return unreadable;
      try {
        accept(await apiPost<RuleSetDetailDto>(`${path}/publish`, {}));
        setReport(null);
        versions.reload();
        return { kind: 'published', version };
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) return { kind: 'refused', error };
        throw error;
      }
    });

  const onCopy = () =>
    act('copy', async () => {
      const draft = await apiPost<RuleSetDetailDto>(RULE_SETS_PATH, { from: version });
      void navigate(ruleSetHref(draft.version));
      return null;
    });

  const onImportDmn = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    void act('import', async () => {
      try {
        const unreadable = dirty ? await saveNow() : null;
        if (unreadable) return unreadable;
        const text = await file.text();
        const next = await apiPostText<RuleSetDetailDto & { warnings?: string[] }>(
          `${path}/decisions/dmn?fileName=${encodeURIComponent(file.name)}`,
          text,
          'application/xml',
        );
        accept(next);
        return { kind: 'imported', file: file.name, warnings: next.warnings ?? [] };
      } finally {
        input.value = '';
      }
    });
  };

  const goTo = (key: FieldKey) => {
    const target = tabOf(key);
    const select = selectionOfKey(key);
    if (target && (target !== tab || select)) setTab(target, select ?? undefined);
    window.setTimeout(() => {
      const element = document.getElementById(fieldDomId(key));
      if (!element) return;
      element.scrollIntoView({ block: 'center' });
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) element.focus();
    }, 0);
  };

  const tabErrors = (which: Tab): number => {
    if (which === 'decisions')
      return detail.document.decisions.reduce((n, d) => n + diagnostics.errorsWithin(tableKey(d.id)), 0);
    if (which === 'reactions')
      return detail.document.reactions.reduce((n, _, i) => n + diagnostics.errorsWithin(reactionKey(i)), 0);
    if (which === 'tests')
      return detail.document.tests.reduce((n, _, i) => n + diagnostics.errorsWithin(testKey(i)), 0);
    if (which === 'strategies')
      return (
        (detail.document.strategies ?? []).reduce(
          (n, _, i) => n + diagnostics.errorsWithin(strategyKey(i)),
          0,
        ) +
        diagnostics.errorsWithin(CONTACT_KEY) +
        dunningProblems.size
      );
    return 0;
  };

  const exportHref = (tableId: string) =>
    savedTableIds.has(tableId) ? `${API_BASE}${path}/decisions/${encodeURIComponent(tableId)}/dmn` : null;

  return (
    <DiagnosticsProvider index={diagnostics}>
      <section className="page rules-page rules-editor" data-testid="rule-set-editor" data-version={version}>
        <nav className="breadcrumbs">
          <Link to={RULES_HREF}>← {t('rules.backToList')}</Link>
        </nav>
        <div className="page-header">
          <div>
            <h1>
              {t('rules.editorTitle', { version })} <RuleSetStatusBadge status={detail.status} />
            </h1>
            <p className="muted small page-header-meta">
              {detail.name}
              {detail.basedOn !== null && <> · {t('rules.meta.basedOn', { version: detail.basedOn })}</>}
              {' · '}
              {t('rules.meta.created', { who: detail.createdBy, when: fmt.dateTime(detail.createdAt) })}
              {detail.publishedBy && detail.publishedAt && (
                <>
                  {' · '}
                  {t('rules.meta.published', {
                    who: detail.publishedBy,
                    when: fmt.dateTime(detail.publishedAt),
                  })}
                </>
              )}
            </p>
          </div>
        </div>

        {editable && (
          <div className="card rules-form-row">
            <label className="field field-grow">
              <span className="field-label">{t('rules.name')}</span>
              <input
                type="text"
                data-testid="rule-set-name"
                value={state.name}
                onChange={(event) => update({ name: event.target.value })}
              />
            </label>
            <label className="field field-grow">
              <span className="field-label">{t('rules.description')}</span>
              <input
                type="text"
                value={state.description}
                onChange={(event) => update({ description: event.target.value })}
              />
            </label>
          </div>
        )}

        <div className="rules-actionbar" data-testid="rules-toolbar">
          {editable ? (
            <>
              <button
                type="button"
                className="button button-primary"
                data-testid="rules-save"
                disabled={busy !== null || !dirty}
                onClick={() => void onSave()}
              >
                {busy === 'save' ? t('rules.saving') : t('rules.save')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="rules-run-tests"
                disabled={busy !== null}
                onClick={() => void onRunTests()}
              >
                {busy === 'test' ? t('rules.runningTests') : t('rules.runTests')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="rules-publish"
                disabled={busy !== null}
                onClick={() => void onPublish()}
              >
                {busy === 'publish' ? t('rules.publishing') : t('rules.publish')}
              </button>
              <span
                className={dirty ? 'rules-dirty' : 'muted small'}
                data-testid="rules-dirty"
                data-dirty={dirty ? 'true' : 'false'}
              >
                {dirty ? t('rules.unsaved') : t('rules.upToDate')}
              </span>
            </>
          ) : (
            <>
              <p className="muted" data-testid="rules-read-only">
                {t('rules.readOnly')}
              </p>
              <button
                type="button"
                className="button"
                data-testid="rules-copy"
                disabled={busy !== null}
                onClick={() => void onCopy()}
              >
                {busy === 'copy' ? t('rules.creating') : t('rules.copyVersion')}
              </button>
            </>
          )}
        </div>
        <FeedbackView feedback={feedback} />

        {editable && <DiagnosticsPanel index={diagnostics} onGoTo={goTo} />}
        {editable && detail.testReport === null && diagnostics.all.some((d) => d.severity === 'error') && (
          <p className="muted small">{t('rules.report.notCompiled')}</p>
        )}
        {report && <TestReportPanel report={report} />}

        <nav className="tabs" aria-label={t('rules.tabs')}>
          {TABS.map((which) => {
            const errors = editable ? tabErrors(which) : 0;
            return (
              <button
                key={which}
                type="button"
                className={which === tab ? 'tab active' : 'tab'}
                aria-current={which === tab ? 'page' : undefined}
                data-testid={`rules-tab-${which}`}
                onClick={() => setTab(which)}
              >
                {t(`rules.tab.${which}`)}
                {errors > 0 && <span className="badge badge-error-count">{errors}</span>}
              </button>
            );
          })}
        </nav>

        <fieldset className="rules-fieldset" disabled={!editable}>
          {tab === 'decisions' && (
            <div className="rules-tab" data-testid="rules-decisions">
              <p className="intro muted small">{t('rules.tablesIntro')}</p>
              {state.decisions.map((table, i) => (
                <DecisionTableEditor
                  key={i}
                  table={table}
                  editable={editable}
                  exportHref={exportHref(table.id)}
                  onChange={(next) => update({ decisions: replaceAt(state.decisions, i, next) })}
                  onRemove={() => update({ decisions: removeAt(state.decisions, i) })}
                />
              ))}
              {editable && (
                <div className="rules-add-row">
                  <button
                    type="button"
                    className="button"
                    data-testid="add-table"
                    onClick={() =>
                      update({
                        decisions: [
                          ...state.decisions,
                          newTable(
                            freshId(
                              'table',
                              state.decisions.map((d) => d.id),
                            ),
                            t('rules.newTableName'),
                          ),
                        ],
                      })
                    }
                  >
                    + {t('rules.addTable')}
                  </button>
                  <label className="field rules-dmn-import">
                    <span className="field-label">{t('rules.dmn.import')}</span>
                    <input
                      type="file"
                      accept=".dmn,.xml,application/xml,text/xml"
                      data-testid="dmn-import"
                      disabled={busy !== null}
                      onChange={onImportDmn}
                    />
                    <span className="muted small">
                      {busy === 'import' ? t('rules.dmn.importing') : t('rules.dmn.importHint')}
                    </span>
                  </label>
                </div>
              )}
            </div>
          )}

          {tab === 'reactions' && (
            <div className="rules-tab" data-testid="rules-reactions">
              <p className="intro muted small">{t('rules.reactionsIntro')}</p>
              {state.reactions.map((rule, i) => (
                <ReactionEditor
                  key={i}
                  rule={rule}
                  index={i}
                  editable={editable}
                  onChange={(next) => update({ reactions: replaceAt(state.reactions, i, next) })}
                  onRemove={() => update({ reactions: removeAt(state.reactions, i) })}
                />
              ))}
              {editable && (
                <div className="rules-add-row">
                  <button
                    type="button"
                    className="button"
                    data-testid="add-reaction"
                    onClick={() =>
                      update({
                        reactions: [
                          ...state.reactions,
                          newReaction(
                            freshId(
                              'reaction',
                              state.reactions.map((r) => r.id),
                            ),
                          ),
                        ],
                      })
                    }
                  >
                    + {t('rules.addReaction')}
                  </button>
                </div>
              )}
            </div>
          )}

          {tab === 'tests' && (
            <div className="rules-tab" data-testid="rules-tests">
              <p className="intro muted small">{t('rules.testsIntro')}</p>
              <EventTypeOptions />
              {state.tests.map((draft, i) => (
                <TestEditor
                  key={i}
                  draft={draft}
                  index={i}
                  editable={editable}
                  result={latestReport?.results.find((r) => r.name === draft.name)}
                  problems={testProblems.get(i) ?? []}
                  onChange={(next) => update({ tests: replaceAt(state.tests, i, next) })}
                  onRemove={() => update({ tests: removeAt(state.tests, i) })}
                />
              ))}
              {editable && (
                <div className="rules-add-row">
                  <button
                    type="button"
                    className="button"
                    data-testid="add-test"
                    onClick={() =>
                      update({
                        tests: [
                          ...state.tests,
                          newTestDraft(
                            freshId(
                              `${t('rules.newTestName')} `,
                              state.tests.map((d) => d.name),
                            ),
                          ),
                        ],
                      })
                    }
                  >
                    + {t('rules.addTest')}
                  </button>
                </div>
              )}
            </div>
          )}
        </fieldset>

        {tab === 'strategies' && (
          <StrategiesEditor
            strategies={state.strategies}
            contactRules={state.contactRules}
            problems={dunningProblems}
            editable={editable}
            selection={selection}
            onSelect={(next) => setTab('strategies', next)}
            onChange={update}
          />
        )}

        {tab === 'changes' && (
          <RuleSetChanges
            key={revision}
            version={version}
            basedOn={detail.basedOn}
            versions={versions.data?.items ?? []}
            dirty={dirty}
          />
        )}
        {tab === 'simulation' && (
          <RuleSetSimulation version={version} dirty={dirty} tableNames={tableNames} />
        )}
      </section>
    </DiagnosticsProvider>
  );
}

/** `/app/rules/:version`: a rule set version, editable while it is a draft. */
export function RuleSetPage() {
  const t = useT();
  const { version: param = '' } = useParams();
  const version = /^\d+$/.test(param) ? Number(param) : null;
  const remote = useApi<RuleSetDetailDto>(version === null ? null : ruleSetPath(version));

  if (version === null || (remote.status === 'error' && remote.error.status === 404)) {
    return (
      <section className="page rules-page">
        <nav className="breadcrumbs">
          <Link to={RULES_HREF}>← {t('rules.backToList')}</Link>
        </nav>
        <EmptyState>{t('rules.notFound', { version: param })}</EmptyState>
      </section>
    );
  }
  if (remote.status === 'error') return <ErrorState error={remote.error} onRetry={remote.reload} />;
  if (!remote.data) return <Loading />;
  return <RuleSetWorkspace key={version} initial={remote.data} />;
}
