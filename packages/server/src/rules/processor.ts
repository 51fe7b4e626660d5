import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  CASE_FACTS_SCHEMA,
  evaluateRuleSet,
  feelFromJson,
  isDomainError,
  type CompiledRuleSet,
  type FeelContext,
  type ResolvedAction,
} from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tenant, type Tx } from '../db/tenancy';
import {
  loadCheckpoint,
  positionOf,
  readAll,
  storeCheckpoint,
  type LogPosition,
  type StoredEvent,
} from '../event-store/event-store';
import { runCaseCommandsIn } from '../application/cases.commands';
import { caseFacts } from './case-facts';
import { commandsFor } from './actions';
import { checkRuleSet, publishedRuleSet } from './rule-sets';

export const EXPERT_SYSTEM_CHECKPOINT = 'expert-system';

/** A chain of rule reactions deeper than this is stopped and reported (ARCHITECTURE.md §2). */
export const MAX_CAUSATION_DEPTH = 5;

export type ProcessOptions = {
  readonly today: string;
  readonly clock: () => Date;
  /** Stop after this many events (the worker loops); default: until the log is drained. */
  readonly maxEvents?: number;
};

export type ProcessResult = { events: number; decisions: number };

// Published versions never change, so their compiled form is kept per tenant and version.
const compiledCache = new Map<string, CompiledRuleSet>();

export const compiledPublished = async (
  tx: Tx,
  tenantId: string,
): Promise<{ version: number; name: string; compiled: CompiledRuleSet } | undefined> => {
  // The version number is enough to find a compiled copy; the document is read only once.
  const current = await tx
    .selectFrom('rule_sets')
    .select(['version', 'name'])
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!current) return undefined;
  const key = `${tenantId}:${current.version}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const published = await publishedRuleSet(tx);
    if (!published || published.version !== current.version) return undefined;
    const check = checkRuleSet(published.document);
    if (!check.compiled) return undefined;
    compiled = check.compiled;
    compiledCache.set(key, compiled);
  }
  return { version: current.version, name: current.name, compiled };
};

/**
 * The Expert System (B2): reads the tenant's event log after its checkpoint, evaluates the
 * published rule set for every case event and issues the resulting commands through the same
 * handlers as a user, tagged actor = rule. One transaction per event holds the decision rows,
 * the commands' events and the checkpoint: a crash replays the event, and the unique
 * (event, rule) key of a decision means nothing is decided twice.
 */
export const processRules = async (
  db: Db,
  tenant: Tenant,
  options: ProcessOptions,
): Promise<ProcessResult> => {
  const result: ProcessResult = { events: 0, decisions: 0 };
  const limit = options.maxEvents ?? Number.POSITIVE_INFINITY;
  while (result.events < limit) {
    const batch = await withTenant(db, tenant.id, async (tx) =>
      readAll(tx, await loadCheckpoint(tx, EXPERT_SYSTEM_CHECKPOINT), Math.min(200, limit - result.events)),
    );
    if (batch.length === 0) break;
    for (const event of batch) {
      const decided = await withTenant(db, tenant.id, async (tx) => {
        // Serialise processors on the checkpoint row; skip what another one already did.
        const at = await lockCheckpoint(tx, tenant.id);
        if (!after(positionOf(event), at)) return 0;
        const count = event.streamType === 'case' ? await reactTo(tx, db, tenant, event, options) : 0;
        await storeCheckpoint(tx, tenant.id, EXPERT_SYSTEM_CHECKPOINT, positionOf(event));
        return count;
      });
      result.events += 1;
      result.decisions += decided;
    }
  }
  return result;
};

const lockCheckpoint = async (tx: Tx, tenantId: string): Promise<LogPosition> => {
  await sql`
    insert into checkpoints (tenant_id, name, transaction_id, position)
    values (${tenantId}, ${EXPERT_SYSTEM_CHECKPOINT}, '0'::xid8, 0)
    on conflict (tenant_id, name) do nothing
  `.execute(tx);
  await sql`select 1 from checkpoints where name = ${EXPERT_SYSTEM_CHECKPOINT} for update`.execute(tx);
  return loadCheckpoint(tx, EXPERT_SYSTEM_CHECKPOINT);
};

const after = (a: LogPosition, b: LogPosition): boolean => {
  const [ta, tb] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return ta > tb || (ta === tb && a.position > b.position);
};

const reactTo = async (
  tx: Tx,
  db: Db,
  tenant: Tenant,
  event: StoredEvent,
  options: ProcessOptions,
): Promise<number> => {
  const ruleSet = await compiledPublished(tx, tenant.id);
  if (!ruleSet) return 0;
  // Most events have no listener: no facts to build, nothing to decide.
  if (!ruleSet.compiled.reactions.some((r) => r.enabled && r.rule.on.includes(event.type))) return 0;
  const kase = await tx
    .selectFrom('cases')
    .select(['id', 'phase', 'currency', 'manager', 'manual_mode', 'status'])
    .where('id', '=', event.streamId)
    .executeTakeFirst();
  // B6: a case in manual mode gets no automatic reaction until it is handed back.
  if (!kase || kase.manual_mode || kase.status === 'closed') return 0;

  const factsJson = await caseFacts(tx, event.streamId, options.today, {
    type: event.type,
    data: event.data,
    actorKind: event.metadata.actor.kind,
  });
  if (!factsJson) return 0;
  const facts = feelFromJson(factsJson, CASE_FACTS_SCHEMA) as FeelContext;
  const evaluation = evaluateRuleSet(
    ruleSet.compiled,
    facts,
    { type: event.type },
    {
      name: ruleSet.name,
      version: ruleSet.version,
    },
  );
  const depth = (event.metadata.depth ?? 0) + 1;
  let decisions = 0;

  for (const error of evaluation.errors) {
    decisions += await recordDecision(
      tx,
      tenant,
      event,
      ruleSet.version,
      {
        rule: { id: error.rule, name: error.rule },
        actions: [],
        explanation: emptyExplanation(ruleSet, error.rule),
        status: 'failed',
        error: error.message,
        eventIds: [],
      },
      options,
    );
  }

  for (const firing of evaluation.firings) {
    const decisionId = uuidv7();
    const claimed = await claimDecision(tx, tenant, event, ruleSet.version, decisionId, firing, options);
    if (!claimed) continue;
    decisions += 1;
    if (depth > MAX_CAUSATION_DEPTH) {
      await finishDecision(
        tx,
        decisionId,
        'stopped',
        `causation depth ${depth} exceeds ${MAX_CAUSATION_DEPTH}: the chain of rule reactions is stopped`,
        [],
      );
      continue;
    }
    await sql`savepoint rule_action`.execute(tx);
    try {
      const commands = commandsFor(
        firing.actions,
        { ...kase, currency: kase.currency.trim() },
        options.today,
      );
      const result = commands.length
        ? await runCaseCommandsIn(
            tx,
            {
              db,
              tenant,
              actor: { kind: 'rule', id: `${ruleSet.name}@v${ruleSet.version}/${firing.rule.id}` },
              now: options.clock(),
              today: options.today,
              correlationId: event.metadata.correlationId,
              causationId: event.id,
              depth,
              decisionId,
            },
            event.streamId,
            commands,
          )
        : { events: [] };
      await sql`release savepoint rule_action`.execute(tx);
      await finishDecision(
        tx,
        decisionId,
        'applied',
        null,
        result.events.map((e) => e.id),
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // The rule asked for something the case refuses (a fee on a consumer, a closed case):
      // nothing of it happens, and the decision says why.
      await sql`rollback to savepoint rule_action`.execute(tx);
      await finishDecision(tx, decisionId, 'failed', error.message, []);
    }
  }
  return decisions;
};

type Firing = {
  rule: { id: string; name: string };
  actions: readonly ResolvedAction[];
  explanation: unknown;
};

const claimDecision = async (
  tx: Tx,
  tenant: Tenant,
  event: StoredEvent,
  version: number,
  decisionId: string,
  firing: Firing,
  options: ProcessOptions,
): Promise<boolean> => {
  const inserted = await tx
    .insertInto('rule_decisions')
    .values({
      tenant_id: tenant.id,
      id: decisionId,
      case_id: event.streamId,
      trigger_event_id: event.id,
      trigger_type: event.type,
      rule_set_version: version,
      rule_id: firing.rule.id,
      rule_name: firing.rule.name,
      explanation: JSON.stringify(firing.explanation),
      actions: JSON.stringify(firing.actions),
      event_ids: '[]',
      status: 'applied',
      error: null,
      decided_at: options.clock(),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'trigger_event_id', 'rule_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
};

const recordDecision = async (
  tx: Tx,
  tenant: Tenant,
  event: StoredEvent,
  version: number,
  d: Firing & { status: 'failed'; error: string; eventIds: string[] },
  options: ProcessOptions,
): Promise<number> => {
  const id = uuidv7();
  if (!(await claimDecision(tx, tenant, event, version, id, d, options))) return 0;
  await finishDecision(tx, id, d.status, d.error, d.eventIds);
  return 1;
};

const finishDecision = async (
  tx: Tx,
  id: string,
  status: 'applied' | 'failed' | 'stopped',
  error: string | null,
  eventIds: readonly string[],
): Promise<void> => {
  await tx
    .updateTable('rule_decisions')
    .set({ status, error, event_ids: JSON.stringify(eventIds) })
    .where('id', '=', id)
    .execute();
};

const emptyExplanation = (ruleSet: { name: string; version: number }, rule: string) => ({
  ruleSet: { name: ruleSet.name, version: ruleSet.version },
  rule: { id: rule, name: rule },
  facts: {},
  decisions: [],
});
