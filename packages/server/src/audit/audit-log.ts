import { sql } from 'kysely';
import type { Tx } from '../db/tenancy';

/** Where a change came from (L5): the person's or program's address and the entry point. */
export type Origin = { readonly ip?: string | null; readonly via: 'api' | 'web' | 'cli' | 'worker' | 'sso' };

export type AuditEntry = {
  readonly tenantId: string;
  readonly at: Date;
  readonly actor: { readonly kind: string; readonly id: string };
  readonly origin?: Origin | null | undefined;
  /** e.g. `auth.login`, `user.create`, `case.TaskCompleted`, `request POST /api/v1/…`. */
  readonly action: string;
  readonly target?: { readonly type: string; readonly id: string } | null;
  readonly outcome?: 'ok' | 'refused' | 'failed';
  /** The change: what was asked and what it did. Never a secret. */
  readonly detail?: Record<string, unknown>;
  readonly correlationId?: string | null;
};

/**
 * Appends to the audit log (L5), inside the caller's transaction so that the record and the
 * change commit together. The table accepts inserts only: the application role has no update or
 * delete right on it, and a trigger refuses them even to the owner.
 */
export const recordAudit = async (tx: Tx, entries: AuditEntry | readonly AuditEntry[]): Promise<void> => {
  const list = Array.isArray(entries) ? (entries as readonly AuditEntry[]) : [entries as AuditEntry];
  if (list.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        tenant_id: e.tenantId,
        at: e.at,
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        origin_ip: e.origin?.ip ?? null,
        via: e.origin?.via ?? null,
        action: e.action,
        target_type: e.target?.type ?? null,
        target_id: e.target?.id ?? null,
        outcome: e.outcome ?? 'ok',
        detail: JSON.stringify(redact(e.detail ?? {})),
        correlation_id: e.correlationId ?? null,
      })),
    )
    .execute();
};

/** Field names that hold secrets (a dispute's reasonCode or a company code is not one). */
const SECRET_KEYS = /^(\w*password|\w*secret|\w*token|otp|recoverycodes?|key|apikey)$/i;

/** Secrets never reach the log, whatever a caller hands in. */
export const redact = (value: unknown, depth = 0): unknown => {
  if (depth > 8 || value === null || typeof value !== 'object')
    return typeof value === 'bigint' ? String(value) : value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEYS.test(k) && typeof v === 'string' ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
};

export type AuditQuery = {
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly target?: string | undefined;
  readonly outcome?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly q?: string | undefined;
  readonly limit?: number | undefined;
  /** The id of the last row of the previous page (the log is read newest first). */
  readonly before?: string | undefined;
};

export const searchAudit = async (tx: Tx, query: AuditQuery) => {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  let select = tx
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor_kind',
      'actor_id',
      'origin_ip',
      'via',
      'action',
      'target_type',
      'target_id',
      'outcome',
      'detail',
      'correlation_id',
    ])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (query.actor) select = select.where('actor_id', '=', query.actor);
  if (query.action) select = select.where('action', 'like', `${escapeLike(query.action)}%`);
  if (query.target) select = select.where('target_id', '=', query.target);
  if (query.outcome) select = select.where('outcome', '=', query.outcome);
  if (query.from) select = select.where('at', '>=', new Date(`${query.from}T00:00:00Z`) as never);
  if (query.to) select = select.where(sql<boolean>`at < (${query.to}::date + 1)`);
  if (query.before) select = select.where('id', '<', BigInt(query.before) as never);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    select = select.where((eb) =>
      eb.or([
        eb('action', 'ilike', like),
        eb('actor_id', 'ilike', like),
        eb('target_id', 'ilike', like),
        eb(sql`detail::text`, 'ilike', like),
      ]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id },
      originIp: r.origin_ip,
      via: r.via,
      action: r.action,
      target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
      outcome: r.outcome,
      detail: r.detail,
      correlationId: r.correlation_id,
    })),
    next: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
};

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (m) => `\\${m}`);
