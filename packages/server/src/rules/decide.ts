import {
  CASE_FACTS_SCHEMA,
  decideTables,
  feelFromJson,
  type FeelContext,
  type JsonValue,
} from '@quittance/domain';
import type { Tenant, Tx } from '../db/tenancy';
import { caseFacts } from './case-facts';
import { compiledPublished } from './processor';

/**
 * The output of one decision table of the tenant's published rule set for a case, when the rule
 * set has that table: how other modules let the rules decide (the interest regime, …) with the
 * tenant setting as the fallback. `undefined` when there is no such table or it has no answer.
 */
export const decideForCase = async (
  tx: Tx,
  tenant: Tenant,
  caseId: string,
  tableId: string,
  today: string,
): Promise<JsonValue | undefined> => {
  const ruleSet = await compiledPublished(tx, tenant.id);
  if (!ruleSet || !ruleSet.compiled.tables.some((t) => t.id === tableId)) return undefined;
  const factsJson = await caseFacts(tx, caseId, today, null);
  if (!factsJson) return undefined;
  const facts = feelFromJson(factsJson, CASE_FACTS_SCHEMA) as FeelContext;
  const decision = decideTables(ruleSet.compiled, facts).find((d) => d.table === tableId);
  if (!decision || decision.error || decision.outputJson === null) return undefined;
  return decision.outputJson;
};
