import { useFormat, useT } from '../i18n/i18n-context';

/** A rate as the API writes it ("8.15"), in the UI locale ("8,15 %"). */
export function RatePercent({ rate }: { rate: string }) {
  const fmt = useFormat();
  return <>{fmt.percent(rate)}</>;
}

/** The server's warnings (English, as the engine writes them). */
export function Warnings({ warnings, testId }: { warnings: readonly string[]; testId: string }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <div className="interest-warnings" role="note" aria-label={t('interest.warnings')}>
      <ul className="plain-list">
        {warnings.map((warning, i) => (
          <li key={i} data-testid={testId}>
            <span className="badge badge-warning">!</span> {warning}
          </li>
        ))}
      </ul>
    </div>
  );
}
