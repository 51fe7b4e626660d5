import type { CaseAccount as CaseAccountDto, CaseDetail, Chrono as ChronoDto } from '@quittance/api-contract';
import { useCallback, useMemo } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { CaseAgreements } from '../agreements/case-agreements';
import { useApi } from '../api/use-api';
import { CaseDunning } from '../dunning/case-dunning';
import { CaseInterest } from '../interest/case-interest';
import { caseInterestPath } from '../interest/interest.params';
import type { CaseInterest as CaseInterestDto } from '../interest/interest.types';
import { useT } from '../i18n/i18n-context';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { CaseAccount } from './case-account';
import { CaseAutomation, type DecisionList } from './case-automation';
import { CaseHeader } from './case-header';
import type { FromListState } from './case-table';
import { Chrono } from './chrono';
import { CustomFields } from './custom-fields';
import { ItemsTable } from './items-table';
import { NoteForm } from './note-form';
import { PartiesPanel } from './parties-panel';

/** How long the Expert System usually takes to react to a change (it is nudged on every write). */
const RULES_DELAY_MS = 1500;

export function CasePage() {
  const t = useT();
  const { id = '' } = useParams();
  const location = useLocation();
  const casePath = `/cases/${encodeURIComponent(id)}`;
  const detail = useApi<CaseDetail>(casePath);
  const chrono = useApi<ChronoDto>(`${casePath}/chrono`);
  const account = useApi<CaseAccountDto>(`${casePath}/account`);
  const decisions = useApi<DecisionList>(`${casePath}/decisions`);
  // As of the server's today (the case detail's asOf), not the browser's.
  const asOf = detail.data?.asOf;
  const interest = useApi<CaseInterestDto>(asOf ? caseInterestPath(id, asOf) : null);
  useDocumentTitle(detail.data ? t('case.title', { number: detail.data.number }) : null);

  const reloadDetail = detail.reload;
  const reloadChrono = chrono.reload;
  const reloadDecisions = decisions.reload;
  // The rules react to a change a moment after it is recorded: look again once they have had time.
  const reloadRuleEffects = useCallback(() => {
    reloadChrono();
    reloadDecisions();
    window.setTimeout(() => {
      reloadChrono();
      reloadDecisions();
    }, RULES_DELAY_MS);
  }, [reloadChrono, reloadDecisions]);
  const onNoteAdded = useCallback(() => {
    reloadRuleEffects();
    reloadDetail(); // the case's version and "updated" time moved
  }, [reloadRuleEffects, reloadDetail]);
  const reloadAccount = account.reload;
  const reloadInterest = interest.reload;
  const onMoneyMoved = useCallback(() => {
    reloadRuleEffects();
    reloadDetail();
    reloadAccount();
    reloadInterest();
  }, [reloadRuleEffects, reloadDetail, reloadAccount, reloadInterest]);
  const onSteeringChanged = useCallback(() => {
    reloadRuleEffects();
    reloadDetail();
  }, [reloadRuleEffects, reloadDetail]);

  const items = detail.data?.items;
  const itemNumbers = useMemo(() => new Map((items ?? []).map((item) => [item.id, item.number])), [items]);

  // Back to the list as the user left it (filters, sort, page), when they came from it.
  const listSearch = (location.state as FromListState | null)?.listSearch ?? '';

  return (
    <section className="page case-page">
      <nav className="breadcrumbs">
        <Link to={`/app/cases${listSearch}`}>← {t('case.backToList')}</Link>
      </nav>

      {!detail.data && detail.status === 'loading' && <Loading />}
      {!detail.data && detail.status === 'error' && (
        <ErrorState error={detail.error} onRetry={detail.reload} />
      )}

      {detail.data && (
        <>
          <CaseHeader detail={detail.data} />
          <div className="case-layout">
            <div className="case-main">
              <PartiesPanel parties={detail.data.parties} />
              <ItemsTable items={detail.data.items} />
              <CaseAccount
                caseId={detail.data.id}
                currency={detail.data.currency}
                items={detail.data.items}
                account={account}
                onChanged={onMoneyMoved}
              />
              <CaseInterest interest={interest} />
              <CaseAutomation
                caseId={detail.data.id}
                steering={detail.data.steering}
                decisions={decisions}
                onChanged={onSteeringChanged}
              />
              <CaseAgreements caseId={detail.data.id} asOf={detail.data.asOf} onChanged={onMoneyMoved} />
              <CaseDunning
                caseId={detail.data.id}
                strategy={detail.data.steering.strategy}
                items={detail.data.items}
                chrono={chrono.data?.items}
                asOf={detail.data.asOf}
                onChanged={onSteeringChanged}
              />
              <CustomFields fields={detail.data.customFields} />
            </div>
            <aside className="case-side card" aria-labelledby="chrono-title">
              <h2 id="chrono-title">{t('chrono.title')}</h2>
              <NoteForm key={detail.data.id} caseId={detail.data.id} onAdded={onNoteAdded} />
              {chrono.status === 'error' && <ErrorState error={chrono.error} onRetry={chrono.reload} />}
              {!chrono.data && chrono.status === 'loading' && <Loading />}
              {chrono.data && <Chrono entries={chrono.data.items} itemNumbers={itemNumbers} />}
            </aside>
          </div>
        </>
      )}
    </section>
  );
}
