import { isAgreementEvent, parseMoney, type CaseEvent } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { StoredEvent } from '../event-store/event-store';

/** Keeps `cases`, `case_parties` and `financial_items` in step with a case's events (inline, same tx). */
export const projectCaseEvent = async (tx: Tx, stored: StoredEvent): Promise<void> => {
  const event = { type: stored.type, data: stored.data } as CaseEvent;
  const caseId = stored.streamId;
  const touched = { version: stored.version, updated_at: stored.recordedAt };
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      await tx
        .insertInto('cases')
        .values({
          tenant_id: stored.tenantId,
          id: caseId,
          number: d.number,
          case_type: d.caseType,
          company_code: d.company.code,
          company_name: d.company.name,
          currency: d.currency,
          debtor_party_id: null,
          debtor_name: null,
          debtor_reference: null,
          phase: d.phase,
          status: 'open',
          archived: false,
          manager: null,
          custom_fields: JSON.stringify(d.customFields),
          version: stored.version,
          created_at: stored.recordedAt,
          updated_at: stored.recordedAt,
        })
        .execute();
      return;
    }
    case 'PartyAttached': {
      const d = event.data;
      await tx
        .insertInto('case_parties')
        .values({ tenant_id: stored.tenantId, case_id: caseId, party_id: d.partyId, role: d.role })
        .execute();
      const debtor =
        d.role === 'debtor'
          ? { debtor_party_id: d.partyId, debtor_name: d.name, debtor_reference: d.reference }
          : {};
      await tx
        .updateTable('cases')
        .set({ ...touched, ...debtor })
        .where('id', '=', caseId)
        .execute();
      return;
    }
    case 'FinancialItemAdded': {
      const d = event.data;
      const amount = parseMoney(d.amount.amount, d.amount.currency);
      const owner = await tx
        .selectFrom('cases')
        .select('company_code')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('financial_items')
        .values({
          tenant_id: stored.tenantId,
          id: d.itemId,
          case_id: caseId,
          company_code: owner.company_code,
          kind: d.kind,
          number: d.number,
          issue_date: d.issueDate,
          due_date: d.dueDate,
          amount_minor: amount.amountMinor,
          outstanding_minor: amount.amountMinor,
          currency: amount.currency,
          structured_reference: d.structuredReference,
          created_at: stored.recordedAt,
        })
        .execute();
      await touch(tx, caseId, touched);
      return;
    }
    case 'NoteAdded':
      await touch(tx, caseId, touched);
      return;
    case 'PhaseChanged':
      await touch(tx, caseId, { ...touched, phase: event.data.to });
      return;
    case 'ManagerAssigned':
      await touch(tx, caseId, { ...touched, manager: event.data.manager });
      return;
    case 'CustomFieldsChanged':
      await touch(tx, caseId, { ...touched, custom_fields: JSON.stringify(event.data.customFields) });
      return;
    case 'CaseArchived':
      await touch(tx, caseId, { ...touched, archived: true });
      return;
    case 'CaseUnarchived':
      await touch(tx, caseId, { ...touched, archived: false });
      return;
    case 'CaseClosed':
      await touch(tx, caseId, { ...touched, status: 'closed', phase: 'closed' });
      return;
    case 'PaymentAllocated':
    case 'AmountWrittenOff': {
      const d = event.data;
      if (d.itemId !== null && d.component === 'principal') {
        await shiftOutstanding(
          tx,
          caseId,
          d.itemId,
          -parseMoney(d.amount.amount, d.amount.currency).amountMinor,
        );
      }
      await touch(tx, caseId, touched);
      return;
    }
    case 'AllocationCancelled': {
      const d = event.data;
      if (d.itemId !== null && d.component === 'principal') {
        await shiftOutstanding(
          tx,
          caseId,
          d.itemId,
          parseMoney(d.amount.amount, d.amount.currency).amountMinor,
        );
      }
      await touch(tx, caseId, touched);
      return;
    }
    case 'PaymentReceived':
    case 'PaymentReturned':
    case 'FeeCharged':
    case 'RecoveryCostCharged':
    case 'RecoveryIndemnityCharged':
    case 'InterestAccrued':
    case 'BalanceAdjusted':
    case 'RefundIssued':
    case 'StrategyVariantAssigned':
    case 'DunningStopped':
    case 'DunningResumed':
    case 'NextLevelOverridden':
      await touch(tx, caseId, touched);
      return;
    case 'MessageRequested':
    case 'DunningStepRun':
    case 'DunningActionPostponed':
    case 'MessageSent':
    case 'MessageFailed':
      await projectDunningAction(tx, stored, event);
      await touch(tx, caseId, touched);
      return;
    case 'StrategySwitched':
      await touch(tx, caseId, { ...touched, strategy: event.data.to });
      return;
    case 'TaskOverdue':
      await tx
        .updateTable('tasks')
        .set({ overdue_reported: true })
        .where('id', '=', event.data.taskId)
        .execute();
      await touch(tx, caseId, touched);
      return;
    case 'TeamAssigned':
      await touch(tx, caseId, { ...touched, team: event.data.team });
      return;
    case 'PortfolioAssigned':
      await touch(tx, caseId, { ...touched, portfolio: event.data.portfolio });
      return;
    case 'StrategyStarted':
      await touch(tx, caseId, { ...touched, strategy: event.data.strategy });
      return;
    case 'StrategyStopped':
      await touch(tx, caseId, { ...touched, strategy: null });
      return;
    case 'FlagSet':
      await touch(tx, caseId, {
        ...touched,
        ...(event.data.flag === 'blacklist'
          ? { blacklisted: event.data.value }
          : { manual_mode: event.data.value }),
      });
      return;
    case 'CaseOutsourced':
      await touch(tx, caseId, { ...touched, outsourced_to: event.data.partner });
      return;
    case 'TaskCreated': {
      const d = event.data;
      await tx
        .insertInto('tasks')
        .values({
          tenant_id: stored.tenantId,
          id: d.taskId,
          case_id: caseId,
          title: d.title,
          task_type: d.taskType,
          assignee: d.assignee,
          due: d.due,
          priority: d.priority,
          details: d.details ?? null,
          status: 'open',
          created_by: JSON.stringify(stored.metadata.actor),
          created_at: stored.recordedAt,
        })
        .execute();
      await touch(tx, caseId, touched);
      return;
    }
    case 'TaskCompleted':
      await tx
        .updateTable('tasks')
        .set({ status: 'done', outcome: event.data.outcome, completed_at: stored.recordedAt })
        .where('id', '=', event.data.taskId)
        .execute();
      await touch(tx, caseId, touched);
      return;
    case 'TaskReassigned':
      await tx
        .updateTable('tasks')
        .set({ assignee: event.data.to })
        .where('id', '=', event.data.taskId)
        .execute();
      await touch(tx, caseId, touched);
      return;
    case 'TimerScheduled':
      await tx
        .insertInto('timers')
        .values({
          tenant_id: stored.tenantId,
          id: event.data.timerId,
          case_id: caseId,
          name: event.data.name,
          due_on: event.data.at,
          status: 'pending',
          fired_on: null,
        })
        .execute();
      await touch(tx, caseId, touched);
      return;
    case 'TimerFired':
      await tx
        .updateTable('timers')
        .set({ status: 'fired', fired_on: event.data.firedOn })
        .where('id', '=', event.data.timerId)
        .execute();
      await touch(tx, caseId, touched);
      return;
    default: {
      // Agreements have their own read model (agreements.projection.ts), kept per batch.
      if (isAgreementEvent(event)) {
        await touch(tx, caseId, touched);
        return;
      }
      const unreachable: never = event;
      throw new Error(`case projection: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};

type CaseChanges = {
  version: number;
  updated_at: Date;
  phase?: string;
  manager?: string;
  custom_fields?: string;
  archived?: boolean;
  status?: string;
  team?: string;
  portfolio?: string;
  strategy?: string | null;
  manual_mode?: boolean;
  blacklisted?: boolean;
  outsourced_to?: string;
};

const touch = async (tx: Tx, caseId: string, changes: CaseChanges): Promise<void> => {
  await tx.updateTable('cases').set(changes).where('id', '=', caseId).execute();
};

/** Moves an item's principal outstanding by `byMinor` (negative when paid or written off). */
const shiftOutstanding = async (tx: Tx, caseId: string, itemId: string, byMinor: bigint): Promise<void> => {
  await tx
    .updateTable('financial_items')
    .set((eb) => ({ outstanding_minor: eb('outstanding_minor', '+', byMinor) }))
    .where('id', '=', itemId)
    .where('case_id', '=', caseId)
    .execute();
};

type DunningActionEvent = Extract<
  CaseEvent,
  { type: 'MessageRequested' | 'DunningStepRun' | 'DunningActionPostponed' | 'MessageSent' | 'MessageFailed' }
>;

/** The dunning actions read model: one row per case, step, channel and day. */
const projectDunningAction = async (
  tx: Tx,
  stored: StoredEvent,
  event: DunningActionEvent,
): Promise<void> => {
  const caseId = stored.streamId;
  const now = stored.recordedAt;
  switch (event.type) {
    case 'DunningStepRun': {
      const d = event.data;
      const variant = d.variant;
      for (const channel of d.channels) {
        await tx
          .insertInto('dunning_actions')
          .values({
            tenant_id: stored.tenantId,
            id: crypto.randomUUID(),
            case_id: caseId,
            run_on: d.runOn,
            strategy: d.strategy,
            variant,
            step_id: d.stepId,
            action_key: actionKey(d.stepId, d.itemIds),
            level: d.level,
            channel,
            status: channel === 'phone' ? 'task' : 'requested',
            item_ids: JSON.stringify(d.itemIds),
            invoices: JSON.stringify(d.invoices),
            total_minor: parseMoney(d.total.amount, d.total.currency).amountMinor,
            cost: d.cost,
            currency: d.total.currency,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'case_id', 'action_key', 'channel', 'run_on']).doUpdateSet({
              status: channel === 'phone' ? 'task' : 'requested',
              postponed_until: null,
              reason: null,
              updated_at: now,
            }),
          )
          .execute();
      }
      return;
    }
    case 'DunningActionPostponed': {
      const d = event.data;
      const currency = (
        await tx.selectFrom('cases').select('currency').where('id', '=', caseId).executeTakeFirstOrThrow()
      ).currency;
      await tx
        .insertInto('dunning_actions')
        .values({
          tenant_id: stored.tenantId,
          id: crypto.randomUUID(),
          case_id: caseId,
          run_on: d.on,
          strategy: d.strategy,
          variant: null,
          step_id: d.stepId,
          action_key: actionKey(d.stepId, d.itemIds ?? []),
          level: d.level ?? d.stepId,
          channel: d.channel,
          status: 'postponed',
          item_ids: '[]',
          invoices: '[]',
          currency,
          postponed_until: d.until,
          reason: d.reason,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'case_id', 'action_key', 'channel', 'run_on']).doNothing(),
        )
        .execute();
      return;
    }
    case 'MessageRequested': {
      const d = event.data;
      if (!d.stepId) return;
      await tx
        .updateTable('dunning_actions')
        .set({ message_id: d.messageId, document_id: d.documentId ?? null, updated_at: now })
        .where('case_id', '=', caseId)
        .where('action_key', '=', actionKey(d.stepId, d.itemIds ?? []))
        .where('channel', '=', d.channel)
        .where('run_on', '=', d.requestedOn)
        .execute();
      return;
    }
    case 'MessageSent':
    case 'MessageFailed':
      await tx
        .updateTable('dunning_actions')
        .set({
          status: event.type === 'MessageSent' ? 'sent' : 'failed',
          reason: event.type === 'MessageFailed' ? event.data.reason : null,
          updated_at: now,
        })
        .where('message_id', '=', event.data.messageId)
        .execute();
      return;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

const actionKey = (stepId: string, itemIds: readonly string[]): string =>
  `${stepId}:${[...itemIds].sort().join(',')}`;
