import type { Db } from '../db/database';
import type { Tenant } from '../db/tenancy';
import type { Actor } from '../event-store/event-store';
import type { Origin } from '../audit/audit-log';

/** Who acts, for which tenant, and when: everything a command needs from the outside world. */
export type CommandContext = {
  readonly db: Db;
  readonly tenant: Tenant;
  readonly actor: Actor;
  /** The moment of recording. */
  readonly now: Date;
  /** The business date, "today" (the CLI's --as-of), as YYYY-MM-DD. */
  readonly today: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
  /** Set by the rules processor: the reaction depth and the decision that acts. */
  readonly depth?: number;
  readonly decisionId?: string;
  /** Where the request came from, for the audit log; absent for the worker's own sweeps. */
  readonly origin?: Origin;
};
