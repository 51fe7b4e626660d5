import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/tenancy';
import type { Origin } from '../audit/audit-log';

export type ActorKind = 'user' | 'rule' | 'portal' | 'import' | 'system';
export type Actor = { readonly kind: ActorKind; readonly id: string };

export type EventMetadata = {
  readonly actor: Actor;
  /** The event or command that caused this one. */
  readonly causationId: string | null;
  /** Shared by every event of one business operation (an import run, a request). */
  readonly correlationId: string;
  /** How many automated reactions led here (0 or absent for a person's or an import's act). */
  readonly depth?: number;
  /** The rule decision (B7) that caused this event, when the actor is a rule. */
  readonly decisionId?: string;
  /** Where the request came from (the origin IP and entry point), for the audit log (L5). */
  readonly origin?: Origin;
};

export type NewEvent = {
  readonly type: string;
  readonly data: object;
  /** The business date of the fact where it differs from the recording time. */
  readonly effectiveDate?: string | null;
};

export type StoredEvent = {
  readonly id: string;
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly position: bigint;
  readonly transactionId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  readonly effectiveDate: string | null;
  readonly recordedAt: Date;
};

/** Someone else appended to the stream first; reload and decide again. */
export class StreamVersionConflict extends Error {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;

  constructor(streamId: string, expectedVersion: number, actualVersion?: number) {
    super(
      `stream ${streamId} is at version ${actualVersion ?? '(unknown, concurrent append)'}, expected ${expectedVersion}`,
    );
    this.name = 'StreamVersionConflict';
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export type AppendRequest = {
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamType: string;
  /** The version the decision was made on; 0 for a stream that must not exist yet. */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  readonly metadata: EventMetadata;
  /** The same instant for every event of one append. */
  readonly recordedAt: Date;
};

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error as { code: unknown }).code === '23505';

/**
 * Appends events at the expected version, inside the caller's transaction. A stale version is a
 * StreamVersionConflict: found by reading the current version first, and — when two
 * transactions race past that check — by the unique (stream, version) constraint.
 */
export const appendToStream = async (tx: Tx, request: AppendRequest): Promise<StoredEvent[]> => {
  const current = await streamVersion(tx, request.streamId);
  if (current !== request.expectedVersion) {
    throw new StreamVersionConflict(request.streamId, request.expectedVersion, current);
  }
  if (request.events.length === 0) return [];
  const rows = request.events.map((event, index) => ({
    id: uuidv7(),
    tenant_id: request.tenantId,
    stream_id: request.streamId,
    stream_type: request.streamType,
    version: request.expectedVersion + index + 1,
    type: event.type,
    data: event.data,
    metadata: request.metadata,
    effective_date: event.effectiveDate ?? null,
    recorded_at: request.recordedAt,
  }));
  // A unique violation aborts the transaction; the command handler retries in a fresh one.
  const inserted = await sql<EventRow>`
      insert into events (id, tenant_id, stream_id, stream_type, version, type, data, metadata, effective_date, recorded_at)
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        id uuid, tenant_id uuid, stream_id uuid, stream_type text, version integer, type text,
        data jsonb, metadata jsonb, effective_date date, recorded_at timestamptz)
      returning ${sql.raw(EVENT_COLUMNS)}
    `
    .execute(tx)
    .catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? new StreamVersionConflict(request.streamId, request.expectedVersion)
        : error;
    });
  return inserted.rows.map(toStoredEvent).sort((a, b) => a.version - b.version);
};

export const streamVersion = async (tx: Tx, streamId: string): Promise<number> => {
  const row = await tx
    .selectFrom('events')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('stream_id', '=', streamId)
    .executeTakeFirst();
  return row?.version ?? 0;
};

export const readStream = async (tx: Tx, streamId: string): Promise<StoredEvent[]> => {
  const result = await sql<EventRow>`
    select ${sql.raw(EVENT_COLUMNS)} from events where stream_id = ${streamId} order by version
  `.execute(tx);
  return result.rows.map(toStoredEvent);
};

/** A place in the global log: events are ordered by (transaction id, position). */
export type LogPosition = { readonly transactionId: string; readonly position: bigint };
export const LOG_START: LogPosition = { transactionId: '0', position: 0n };

/**
 * Reads the tenant's log after `after`, in commit order, never skipping an event of a
 * transaction still in flight: only transactions older than every running one
 * (pg_snapshot_xmin of the current snapshot) are visible to the reader, so a slow transaction
 * that got a lower position than a fast one is read after it commits, not jumped over.
 */
export const readAll = async (tx: Tx, after: LogPosition, limit = 1000): Promise<StoredEvent[]> => {
  const result = await sql<EventRow>`
    select ${sql.raw(EVENT_COLUMNS)} from events
    where (transaction_id, position) > (${after.transactionId}::xid8, ${after.position.toString()}::bigint)
      and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    order by events.transaction_id, events.position
    limit ${limit}
  `.execute(tx);
  return result.rows.map(toStoredEvent);
};

export const positionOf = (event: StoredEvent): LogPosition => ({
  transactionId: event.transactionId,
  position: event.position,
});

export const loadCheckpoint = async (tx: Tx, name: string): Promise<LogPosition> => {
  const row = await tx
    .selectFrom('checkpoints')
    .select(['transaction_id', 'position'])
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? { transactionId: String(row.transaction_id), position: BigInt(row.position) } : LOG_START;
};

export const storeCheckpoint = async (
  tx: Tx,
  tenantId: string,
  name: string,
  at: LogPosition,
): Promise<void> => {
  await sql`
    insert into checkpoints (tenant_id, name, transaction_id, position, updated_at)
    values (${tenantId}, ${name}, ${at.transactionId}::xid8, ${at.position.toString()}::bigint, now())
    on conflict (tenant_id, name) do update
      set transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()
  `.execute(tx);
};

export const newCorrelationId = (): string => uuidv7();

type EventRow = {
  id: string;
  tenant_id: string;
  stream_id: string;
  stream_type: string;
  version: number;
  position: bigint | string;
  transaction_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  effective_date: string | null;
  recorded_at: Date | string;
};

const EVENT_COLUMNS =
  'id, tenant_id, stream_id, stream_type, version, position, transaction_id::text as transaction_id, type, data, metadata, effective_date, recorded_at';

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  tenantId: row.tenant_id,
  streamId: row.stream_id,
  streamType: row.stream_type,
  version: row.version,
  position: BigInt(row.position),
  transactionId: row.transaction_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  effectiveDate: row.effective_date,
  recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
});
