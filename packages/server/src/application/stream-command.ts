import { recordAudit } from '../audit/audit-log';
import { withTenant, type Tx } from '../db/tenancy';
import {
  appendToStream,
  readStream,
  StreamVersionConflict,
  type NewEvent,
  type StoredEvent,
} from '../event-store/event-store';
import { projectEvents } from '../read-models/projections';
import type { CommandContext } from './context';

export type StreamSpec<State, Command, Event extends NewEvent> = {
  readonly streamType: string;
  readonly initial: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Event[];
};

export type StreamResult<State> = { state: State; version: number; events: StoredEvent[] };

/**
 * Load → decide → append → project, inside the caller's transaction. Several commands are
 * decided one after the other on the evolving state and appended together, so a batch (an
 * import's items for one case) is one write at one expected version.
 */
export const executeOnStream = async <State, Command, Event extends NewEvent>(
  tx: Tx,
  ctx: CommandContext,
  spec: StreamSpec<State, Command, Event>,
  streamId: string,
  commands: readonly Command[],
): Promise<StreamResult<State>> => {
  const history = await readStream(tx, streamId);
  let state = history.reduce((s, e) => spec.evolve(s, { type: e.type, data: e.data } as Event), spec.initial);
  const decided: Event[] = [];
  for (const command of commands) {
    const events = spec.decide(command, state);
    for (const event of events) state = spec.evolve(state, event);
    decided.push(...events);
  }
  const stored = await appendToStream(tx, {
    tenantId: ctx.tenant.id,
    streamId,
    streamType: spec.streamType,
    expectedVersion: history.length,
    events: decided,
    metadata: {
      actor: ctx.actor,
      causationId: ctx.causationId ?? null,
      correlationId: ctx.correlationId,
      ...(ctx.depth !== undefined && { depth: ctx.depth }),
      ...(ctx.decisionId !== undefined && { decisionId: ctx.decisionId }),
      ...(ctx.origin && { origin: ctx.origin }),
    },
    recordedAt: ctx.now,
  });
  // L5: every change, with who or what made it and from where, in the same transaction.
  await recordAudit(
    tx,
    stored.map((event) => ({
      tenantId: ctx.tenant.id,
      at: ctx.now,
      actor: ctx.actor,
      origin: ctx.origin ?? null,
      action: `${spec.streamType}.${event.type}`,
      target: { type: spec.streamType, id: streamId },
      detail: { event: event.id, version: event.version, data: event.data },
      correlationId: ctx.correlationId,
    })),
  );
  await projectEvents(tx, stored);
  return { state, version: history.length + stored.length, events: stored };
};

const MAX_ATTEMPTS = 5;

/**
 * One tenant transaction, retried from the start when a stream moved under it: the retry
 * reloads the streams and decides again on the fresh state.
 */
export const inTenantTransaction = async <T>(
  ctx: CommandContext,
  work: (tx: Tx) => Promise<T>,
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenant(ctx.db, ctx.tenant.id, work);
    } catch (error) {
      if (!(error instanceof StreamVersionConflict) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
};
