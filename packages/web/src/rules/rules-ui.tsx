import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/en';
import { useI18n, useT } from '../i18n/i18n-context';
import type { MessageParams } from '../i18n/messages';
import { fieldDomId, type DiagnosticIndex, type FieldKey, type LocatedDiagnostic } from './diagnostics';
import { statusName } from './rules.labels';
import type { RuleSetStatus } from './rules.types';

export function RuleSetStatusBadge({ status }: { status: RuleSetStatus }) {
  const t = useT();
  return (
    <span className={`badge badge-rules-${status}`} data-testid="rule-set-status" data-status={status}>
      {statusName(status, t)}
    </span>
  );
}

/** A count in words with the plural form of the UI language: `count(3, 'x.one', 'x.other')`. */
export function useCount(): (
  count: number,
  one: MessageKey,
  other: MessageKey,
  params?: MessageParams,
) => string {
  const { t, locale } = useI18n();
  const rules = useMemo(() => new Intl.PluralRules(locale), [locale]);
  return useCallback(
    (count, one, other, params = {}) => t(rules.select(count) === 'one' ? one : other, { count, ...params }),
    [t, rules],
  );
}

const NO_DIAGNOSTICS: DiagnosticIndex = { all: [], at: () => [], errorsWithin: () => 0 };

const DiagnosticsContext = createContext<DiagnosticIndex>(NO_DIAGNOSTICS);

/** The diagnostics of the last save, for every field of the editor to find its own. */
export function DiagnosticsProvider({ index, children }: { index: DiagnosticIndex; children: ReactNode }) {
  return <DiagnosticsContext.Provider value={index}>{children}</DiagnosticsContext.Provider>;
}

export function useDiagnostics(): DiagnosticIndex {
  return useContext(DiagnosticsContext);
}

/** Props that mark a field as the place of `key`: its DOM id and aria-invalid when it has an error. */
export function useFieldProps(key: FieldKey): { id: string; 'aria-invalid': true | undefined } {
  const index = useDiagnostics();
  const invalid = index.at(key).some((d) => d.severity === 'error');
  return { id: fieldDomId(key), 'aria-invalid': invalid || undefined };
}

export function DiagnosticMessage({ diagnostic }: { diagnostic: LocatedDiagnostic }) {
  const t = useT();
  return (
    <>
      <span className={`severity severity-${diagnostic.severity}`}>
        {t(`rules.severity.${diagnostic.severity}`)}
      </span>{' '}
      {diagnostic.message}{' '}
      <span className="muted small">
        ({t('rules.diagnostics.position', { line: diagnostic.start.line, column: diagnostic.start.column })})
      </span>
    </>
  );
}

/** The messages about one field, right under it. */
export function FieldDiagnostics({ at }: { at: FieldKey }) {
  const diagnostics = useDiagnostics().at(at);
  if (diagnostics.length === 0) return null;
  return (
    <ul className="field-diagnostics" data-testid="field-diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={`field-diagnostic field-diagnostic-${d.severity}`} data-code={d.code}>
          <DiagnosticMessage diagnostic={d} />
        </li>
      ))}
    </ul>
  );
}
