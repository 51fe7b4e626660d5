import type { CaseList } from '@quittance/api-contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { apiGet, apiPost, apiPut, ApiError } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { levelName, smsLength } from './dunning.labels';
import {
  STEP_LEVELS,
  templateHref,
  templatePath,
  TEMPLATES_HREF,
  type DunningLevel,
  type RenderedTemplate,
  type TemplateList,
  type TemplateOrigin,
  type TemplateText,
} from './dunning.types';
import { isUuid, lineCount, lineRange, templateIssues, type TemplateIssue } from './template-model';
import { OriginBadge } from './templates.page';

const PREVIEW_DELAY_MS = 400;

type Preview =
  | { status: 'loading'; rendered: RenderedTemplate | null }
  | { status: 'ok'; rendered: RenderedTemplate }
  | { status: 'invalid'; rendered: RenderedTemplate | null; issues: TemplateIssue[] }
  | { status: 'error'; rendered: RenderedTemplate | null; error: unknown };

type PreviewCase = { id: string; number: string };

/** Renders the text being edited as the debtor would get it, a moment after each keystroke. */
function usePreview(
  id: string,
  language: string,
  text: string,
  caseId: string | null,
  level: DunningLevel,
): Preview {
  const debounced = useDebouncedValue(text, PREVIEW_DELAY_MS);
  const [preview, setPreview] = useState<Preview>({ status: 'loading', rendered: null });
  const sequence = useRef(0);

  useEffect(() => {
    const mine = ++sequence.current;
    setPreview((previous) => ({ status: 'loading', rendered: previous.rendered }));
    apiPost<RenderedTemplate>('/dunning/templates/preview', {
      id,
      language,
      text: debounced,
      level,
      ...(caseId ? { caseId } : {}),
    }).then(
      (rendered) => {
        if (mine === sequence.current) setPreview({ status: 'ok', rendered });
      },
      (error: unknown) => {
        if (mine !== sequence.current) return;
        const issues = templateIssues(error);
        setPreview((previous) =>
          issues
            ? { status: 'invalid', rendered: previous.rendered, issues }
            : { status: 'error', rendered: previous.rendered, error },
        );
      },
    );
  }, [id, language, debounced, caseId, level]);

  return preview;
}

function Issues({ issues, onGoTo }: { issues: readonly TemplateIssue[]; onGoTo: (line: number) => void }) {
  const t = useT();
  return (
    <ul className="dunning-issues" data-testid="template-issues" role="alert">
      {issues.map((issue, i) => (
        <li key={i} data-testid="template-issue" data-line={issue.line ?? ''}>
          <span className="severity severity-error">{t('rules.severity.error')}</span>{' '}
          {issue.line !== null && (
            <button
              type="button"
              className="button-link-inline mono"
              onClick={() => onGoTo(issue.line as number)}
            >
              {t('dunning.editor.line', { line: issue.line })}
            </button>
          )}{' '}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

function PreviewPanel({ preview }: { preview: Preview }) {
  const t = useT();
  const { rendered } = preview;
  const sms = rendered ? smsLength(rendered.sms) : null;
  return (
    <section
      className={preview.status === 'loading' ? 'card dunning-preview stale' : 'card dunning-preview'}
      data-testid="template-preview"
      data-status={preview.status}
      aria-labelledby="preview-title"
      aria-busy={preview.status === 'loading'}
    >
      <h2 id="preview-title">{t('dunning.editor.preview')}</h2>
      {preview.status === 'error' && <ErrorState error={preview.error} />}
      {preview.status === 'invalid' && (
        <p className="form-error small">{t('dunning.editor.previewInvalid')}</p>
      )}
      {!rendered && preview.status === 'loading' && <Loading />}
      {rendered && (
        <>
          {(rendered.fallback || rendered.warning) && (
            <p className="filter-warning small" data-testid="preview-warning">
              {rendered.warning ?? t('dunning.editor.fallback')}
            </p>
          )}
          <dl className="kv dunning-preview-subject">
            <div className="kv-row">
              <dt>{t('dunning.editor.subject')}</dt>
              <dd data-testid="preview-subject">{rendered.subject}</dd>
            </div>
          </dl>
          <h3>{t('dunning.editor.email')}</h3>
          <iframe
            className="dunning-preview-html"
            title={t('dunning.editor.email')}
            sandbox=""
            srcDoc={rendered.html}
            data-testid="preview-html"
          />
          <details className="dunning-preview-text">
            <summary>{t('dunning.editor.plainText')}</summary>
            <pre data-testid="preview-text">{rendered.text}</pre>
          </details>
          <h3>{t('dunning.editor.sms')}</h3>
          {rendered.sms.trim() === '' ? (
            <p className="muted small" data-testid="preview-sms-none">
              {t('dunning.editor.noSms')}
            </p>
          ) : (
            <>
              <p className="dunning-sms" data-testid="preview-sms">
                {rendered.sms}
              </p>
              {sms && (
                <p
                  className={sms.parts > 1 ? 'filter-warning small' : 'muted small'}
                  data-testid="preview-sms-length"
                  data-characters={sms.characters}
                  data-parts={sms.parts}
                >
                  {t(
                    sms.encoding === 'gsm' ? 'dunning.editor.smsLength.gsm' : 'dunning.editor.smsLength.ucs2',
                    {
                      characters: sms.characters,
                      parts: sms.parts,
                    },
                  )}
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Picks the case whose data fills the preview: by number (searched) or by id. */
function PreviewCasePicker({
  value,
  onChange,
}: {
  value: PreviewCase | null;
  onChange: (value: PreviewCase | null) => void;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const wanted = query.trim();
    if (wanted === '' || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      if (isUuid(wanted)) {
        const found = await apiGet<{ id: string; number: string }>(`/cases/${encodeURIComponent(wanted)}`);
        onChange({ id: found.id, number: found.number });
      } else {
        const list = await apiGet<CaseList>(`/cases?q=${encodeURIComponent(wanted)}&pageSize=10`);
        const exact = list.items.find((c) => c.number === wanted) ?? list.items[0];
        if (exact) onChange({ id: exact.id, number: exact.number });
        else setProblem(t('dunning.editor.noCase', { query: wanted }));
      }
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? t('dunning.editor.noCase', { query: wanted })
          : errorMessage(error, t),
      );
    } finally {
      setBusy(false);
    }
  };

  if (value) {
    return (
      <p className="dunning-preview-case" data-testid="preview-case" data-case-id={value.id}>
        {t('dunning.editor.forCase')}{' '}
        <Link to={`/app/cases/${encodeURIComponent(value.id)}`} className="mono">
          {value.number}
        </Link>{' '}
        <button type="button" className="button-link-inline" onClick={() => onChange(null)}>
          {t('dunning.editor.sampleInstead')}
        </button>
      </p>
    );
  }
  return (
    <form className="dunning-inline-form" onSubmit={(event) => void onSubmit(event)}>
      <label className="field">
        <span className="field-label">{t('dunning.editor.previewCase')}</span>
        <input
          type="search"
          data-testid="preview-case-query"
          placeholder={t('dunning.editor.previewCasePlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <button type="submit" className="button" data-testid="preview-case-use" disabled={busy}>
        {t('dunning.editor.useCase')}
      </button>
      {problem && (
        <span className="form-error small" role="alert">
          {problem}
        </span>
      )}
      <span className="muted small">{t('dunning.editor.sample')}</span>
    </form>
  );
}

function TemplateWorkspace({
  initial,
  languages,
  onSaved,
}: {
  initial: TemplateText;
  languages: readonly { language: string; origin: TemplateOrigin }[];
  onSaved: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const { id, language } = initial;
  const [text, setText] = useState(initial.text);
  const [saved, setSaved] = useState(initial.text);
  const [origin, setOrigin] = useState<TemplateOrigin>(initial.origin);
  const [previewCase, setPreviewCase] = useState<PreviewCase | null>(null);
  const [level, setLevel] = useState<DunningLevel>('R1');
  const [saving, setSaving] = useState(false);
  const [saveResult, setSaveResult] = useState<
    | { kind: 'saved' }
    | { kind: 'invalid'; issues: TemplateIssue[] }
    | { kind: 'error'; error: unknown }
    | null
  >(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const preview = usePreview(id, language, text, previewCase?.id ?? null, level);
  const dirty = text !== saved;

  const goToLine = (line: number) => {
    const element = area.current;
    if (!element) return;
    const { start, end } = lineRange(element.value, line);
    element.focus();
    element.setSelectionRange(start, end);
    // Bring the line into view: the text area scrolls by lines of its line height.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 18;
    element.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  const onSave = async () => {
    if (saving) return;
    setSaving(true);
    setSaveResult(null);
    try {
      await apiPut<{ origin: TemplateOrigin }>(templatePath(id, language), { text });
      setSaved(text);
      setOrigin('tenant');
      setSaveResult({ kind: 'saved' });
      onSaved();
    } catch (error) {
      const issues = templateIssues(error);
      setSaveResult(issues ? { kind: 'invalid', issues } : { kind: 'error', error });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div
      className="dunning-template-editor"
      data-testid="template-editor"
      data-template={id}
      data-language={language}
    >
      <nav className="breadcrumbs">
        <Link to={TEMPLATES_HREF}>← {t('dunning.editor.back')}</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>
            <span className="mono">{id}</span> · {fmt.language(language)} <OriginBadge origin={origin} />
          </h1>
          <nav className="dunning-languages" aria-label={t('dunning.editor.languages')}>
            {languages.map((other) => (
              <Link
                key={other.language}
                to={templateHref(id, other.language)}
                className={other.language === language ? 'dunning-chip dunning-chip-active' : 'dunning-chip'}
                aria-current={other.language === language ? 'page' : undefined}
                data-testid="template-language"
                data-language={other.language}
                title={fmt.language(other.language)}
              >
                <span className="mono">{other.language}</span>
              </Link>
            ))}
          </nav>
        </div>
      </div>

      <div className="rules-actionbar">
        <button
          type="button"
          className="button button-primary"
          data-testid="template-save"
          disabled={saving || !dirty}
          onClick={() => void onSave()}
        >
          {saving ? t('rules.saving') : t('rules.save')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="template-revert"
          disabled={saving || !dirty}
          onClick={() => setText(saved)}
        >
          {t('dunning.editor.revert')}
        </button>
        <span
          className={dirty ? 'rules-dirty' : 'muted small'}
          data-testid="template-dirty"
          data-dirty={dirty ? 'true' : 'false'}
        >
          {dirty
            ? t('rules.unsaved')
            : origin === 'tenant'
              ? t('dunning.editor.ownVersion')
              : t('dunning.editor.standardVersion')}
        </span>
      </div>
      {saveResult?.kind === 'saved' && (
        <p className="form-success" role="status" data-testid="template-saved">
          {t('dunning.editor.saved')}
        </p>
      )}
      {saveResult?.kind === 'invalid' && <Issues issues={saveResult.issues} onGoTo={goToLine} />}
      {saveResult?.kind === 'error' && <ErrorState error={saveResult.error} />}

      <div className="dunning-template-layout">
        <section className="card dunning-template-source" aria-labelledby="source-title">
          <h2 id="source-title">
            {t('dunning.editor.source')}{' '}
            <span className="muted small">{t('dunning.editor.lines', { count: lineCount(text) })}</span>
          </h2>
          <p className="muted small">{t('dunning.editor.help')}</p>
          <textarea
            ref={area}
            className="mono dunning-template-text"
            data-testid="template-text"
            spellCheck={false}
            rows={32}
            value={text}
            aria-invalid={preview.status === 'invalid' || undefined}
            onChange={(event) => setText(event.target.value)}
          />
          {preview.status === 'invalid' && <Issues issues={preview.issues} onGoTo={goToLine} />}
        </section>
        <div className="dunning-template-side">
          <div className="card dunning-preview-options">
            <PreviewCasePicker value={previewCase} onChange={setPreviewCase} />
            <label className="field">
              <span className="field-label">{t('dunning.editor.level')}</span>
              <select
                data-testid="preview-level"
                value={level}
                onChange={(event) => setLevel(event.target.value as DunningLevel)}
              >
                {STEP_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {levelName(l, t)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <PreviewPanel preview={preview} />
        </div>
      </div>
    </div>
  );
}

/** `/app/dunning/templates/:id/:language`: the template's file, edited with a live preview (C16). */
export function TemplateEditorPage() {
  const t = useT();
  const { id = '', language = '' } = useParams();
  useDocumentTitle(t('dunning.editor.title', { id, language }));
  const remote = useApi<TemplateText>(templatePath(id, language));
  const list = useApi<TemplateList>('/dunning/templates');
  const languages = list.data?.items.find((item) => item.id === id)?.languages ?? [];

  if (remote.status === 'error') {
    return (
      <div>
        <nav className="breadcrumbs">
          <Link to={TEMPLATES_HREF}>← {t('dunning.editor.back')}</Link>
        </nav>
        <ErrorState error={remote.error} onRetry={remote.reload} />
      </div>
    );
  }
  if (!remote.data) return <Loading />;
  return (
    <TemplateWorkspace
      key={`${id}/${language}`}
      initial={remote.data}
      languages={languages}
      onSaved={list.reload}
    />
  );
}
