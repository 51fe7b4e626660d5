import { isDeepStrictEqual } from 'node:util';
import {
  CASE_FACTS_SCHEMA,
  evaluateRuleSet,
  feelFromJson,
  type CompiledRuleSet,
  type FeelContext,
  type ResolvedAction,
} from '@quittance/domain';
import type { SimulationReportDto } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import { caseFacts } from './case-facts';

type Side = { readonly version: number; readonly name: string; readonly compiled: CompiledRuleSet };

/**
 * B9: evaluates a draft and the published rule set over the tenant's current (not closed) cases,
 * read-only, and reports what would change: per decision table the cases whose output differs
 * (before → after), per action type how many cases each version would act on given the case's
 * latest event, and the cases concerned. Nothing is written.
 */
export const simulateRuleSet = async (
  tx: Tx,
  draft: Side,
  published: Side | undefined,
  today: string,
): Promise<SimulationReportDto> => {
  const cases = await tx
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('status', '!=', 'closed')
    .orderBy('number')
    .execute();
  const tables = new Map<string, SimulationReportDto['decisions'][number]>();
  const actions = new Map<string, SimulationReportDto['actions'][number]>();
  const errors: SimulationReportDto['errors'] = [];
  const tableEntry = (table: string) => {
    let entry = tables.get(table);
    if (!entry) tables.set(table, (entry = { table, changed: 0, cases: [] }));
    return entry;
  };
  const actionEntry = (action: string) => {
    let entry = actions.get(action);
    if (!entry) actions.set(action, (entry = { action, published: 0, draft: 0, cases: [] }));
    return entry;
  };

  for (const kase of cases) {
    const latest = await tx
      .selectFrom('events')
      .select(['type', 'data', 'metadata'])
      .where('stream_id', '=', kase.id)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const factsJson = await caseFacts(
      tx,
      kase.id,
      today,
      latest
        ? {
            type: latest.type,
            data: latest.data,
            actorKind: (latest.metadata as { actor: { kind: string } }).actor.kind,
          }
        : null,
    );
    if (!factsJson) continue;
    const facts = feelFromJson(factsJson, CASE_FACTS_SCHEMA) as FeelContext;
    const event = { type: latest?.type ?? 'None' };
    const after = evaluateRuleSet(draft.compiled, facts, event, draft);
    const before = published ? evaluateRuleSet(published.compiled, facts, event, published) : undefined;

    for (const decision of after.decisions) {
      const previous = before?.decisions.find((d) => d.table === decision.table);
      const entry = tableEntry(decision.table);
      if (decision.error)
        errors.push({
          caseId: kase.id,
          number: kase.number,
          message: `${decision.table}: ${decision.error}`,
        });
      if (!previous || !isDeepStrictEqual(previous.outputJson, decision.outputJson)) {
        entry.changed += 1;
        entry.cases.push({
          caseId: kase.id,
          number: kase.number,
          before: previous ? previous.outputJson : null,
          after: decision.outputJson,
        });
      }
    }
    for (const decision of before?.decisions ?? []) {
      if (after.decisions.some((d) => d.table === decision.table)) continue;
      const entry = tableEntry(decision.table);
      entry.changed += 1;
      entry.cases.push({ caseId: kase.id, number: kase.number, before: decision.outputJson, after: null });
    }
    for (const error of after.errors)
      errors.push({ caseId: kase.id, number: kase.number, message: `${error.rule}: ${error.message}` });

    const draftActions = signatures(after.firings.flatMap((f) => f.actions));
    const publishedActions = signatures(before?.firings.flatMap((f) => f.actions) ?? []);
    for (const type of new Set([...draftActions.keys(), ...publishedActions.keys()])) {
      const entry = actionEntry(type);
      const [d, p] = [
        draftActions.get(type) ?? new Set<string>(),
        publishedActions.get(type) ?? new Set<string>(),
      ];
      if (d.size > 0) entry.draft += 1;
      if (p.size > 0) entry.published += 1;
      const added = [...d].some((s) => !p.has(s));
      const removed = [...p].some((s) => !d.has(s));
      if (added) entry.cases.push({ caseId: kase.id, number: kase.number, change: 'added' });
      else if (removed) entry.cases.push({ caseId: kase.id, number: kase.number, change: 'removed' });
    }
  }

  return {
    draft: draft.version,
    published: published?.version ?? null,
    asOf: today,
    casesEvaluated: cases.length,
    decisions: [...tables.values()].sort((a, b) => a.table.localeCompare(b.table)),
    actions: [...actions.values()].sort((a, b) => a.action.localeCompare(b.action)),
    errors,
  };
};

/** Action type → the actions as comparable text (what would be asked, not ids). */
const signatures = (list: readonly ResolvedAction[]): Map<string, Set<string>> => {
  const map = new Map<string, Set<string>>();
  for (const action of list) {
    const set = map.get(action.type) ?? new Set<string>();
    set.add(JSON.stringify(action));
    map.set(action.type, set);
  }
  return map;
};
