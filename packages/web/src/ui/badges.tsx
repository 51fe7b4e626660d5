import type { CaseStatus, ItemStatus, Phase } from '@quittance/api-contract';
import { useT } from '../i18n/i18n-context';

export function PhaseBadge({ phase }: { phase: Phase }) {
  const t = useT();
  return <span className={`badge badge-phase-${phase}`}>{t(`phase.${phase}`)}</span>;
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const t = useT();
  return <span className={`badge badge-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function ArchivedBadge() {
  const t = useT();
  return <span className="badge badge-archived">{t('status.archived')}</span>;
}

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const t = useT();
  return <span className={`badge badge-item-${status}`}>{t(`itemStatus.${status}`)}</span>;
}
