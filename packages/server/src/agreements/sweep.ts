import type { Db } from '../db/database';
import { withTenant, type Tenant } from '../db/tenancy';
import { runCaseCommands } from '../application/cases.commands';
import { newCorrelationId } from '../event-store/event-store';

/**
 * Once a day (and on every tick of the worker, harmlessly): every case with an open promise or a
 * running plan is evaluated on `today` — promises kept, partly kept or broken once their date and
 * grace have passed, installments late after their grace period, plans breached or completed.
 * The events say so once; the rules react to them.
 */
export const evaluateAgreements = async (
  db: Db,
  tenant: Tenant,
  options: { today: string; clock: () => Date },
): Promise<number> => {
  const cases = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('agreements')
      .select('case_id')
      .distinct()
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'promise'), eb('status', '=', 'open')]),
          eb.and([eb('kind', '=', 'plan'), eb('status', '=', 'active')]),
        ]),
      )
      .execute(),
  );
  let changed = 0;
  for (const { case_id } of cases) {
    const result = await runCaseCommands(
      {
        db,
        tenant,
        actor: { kind: 'system', id: 'agreements' },
        now: options.clock(),
        today: options.today,
        correlationId: newCorrelationId(),
      },
      case_id,
      [{ type: 'EvaluateAgreements', data: { on: options.today } }],
    );
    changed += result.events.length > 0 ? 1 : 0;
  }
  return changed;
};
