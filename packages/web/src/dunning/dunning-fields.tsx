import { createContext, useContext, type ReactNode } from 'react';
import { useT } from '../i18n/i18n-context';
import { fieldDomId } from '../rules/diagnostics';
import { FieldDiagnostics, useDiagnostics } from '../rules/rules-ui';
import type { FieldProblem, Problems } from './strategy-model';

// The fields of the strategy editor: each one under a key, showing the server's diagnostics filed
// under that key (from the last save) and the editor's own check of what is being typed.

const ProblemsContext = createContext<Problems>(new Map());

export function ProblemsProvider({ problems, children }: { problems: Problems; children: ReactNode }) {
  return <ProblemsContext.Provider value={problems}>{children}</ProblemsContext.Provider>;
}

export type FieldProps = { id: string; 'aria-invalid': true | undefined };

/** For a key: the DOM id and aria-invalid of its field, from both kinds of problems. */
export function useFieldPropsFor(): (key: string) => FieldProps {
  const diagnostics = useDiagnostics();
  const problems = useContext(ProblemsContext);
  return (key) => ({
    id: fieldDomId(key),
    'aria-invalid':
      problems.has(key) || diagnostics.at(key).some((d) => d.severity === 'error') ? true : undefined,
  });
}

/** How many errors (the server's and the editor's) are filed under a key or inside it. */
export function useErrorsWithin(): (prefix: string) => number {
  const diagnostics = useDiagnostics();
  const problems = useContext(ProblemsContext);
  return (prefix) =>
    diagnostics.errorsWithin(prefix) +
    [...problems.keys()].filter((key) => key === prefix || key.startsWith(`${prefix}:`)).length;
}

export function FieldProblemMessage({ at }: { at: string }) {
  const t = useT();
  const problem: FieldProblem | undefined = useContext(ProblemsContext).get(at);
  if (!problem) return null;
  return (
    <p className="field-diagnostic field-diagnostic-error small" data-testid="field-problem" role="alert">
      {t(`dunning.problem.${problem}`)}
    </p>
  );
}

/** The messages about a field, under it. */
export function FieldMessages({ at }: { at: string }) {
  return (
    <>
      <FieldProblemMessage at={at} />
      <FieldDiagnostics at={at} />
    </>
  );
}

/** Label, control, then the messages about the field. */
export function Field({
  at,
  label,
  hint,
  className,
  children,
}: {
  at: string;
  label: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span className="field-label">
        {label}
        {hint && <span className="field-optional"> · {hint}</span>}
      </span>
      {children}
      <FieldMessages at={at} />
    </label>
  );
}
