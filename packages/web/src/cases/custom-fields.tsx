import { useT } from '../i18n/i18n-context';
import { formatFieldValue, humanizeKey } from './field-value';

export function CustomFields({ fields }: { fields: Record<string, unknown> }) {
  const t = useT();
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <section className="card" aria-labelledby="custom-fields-title">
      <h2 id="custom-fields-title">{t('customFields.title')}</h2>
      <dl className="kv" data-testid="custom-fields">
        {entries.map(([key, value]) => (
          <div key={key} className="kv-row">
            <dt title={key}>{humanizeKey(key)}</dt>
            <dd>{formatFieldValue(value, t)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
