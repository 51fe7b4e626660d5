import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { withTenant, type Tenant } from '../src/db/tenancy';
import {
  appendToStream,
  loadCheckpoint,
  LOG_START,
  positionOf,
  readAll,
  readStream,
  storeCheckpoint,
  StreamVersionConflict,
  type AppendRequest,
} from '../src/event-store/event-store';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  type TestDatabase,
} from './support/test-database';

let database: TestDatabase;
let tenant: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database);
});
afterAll(() => database.close());

const request = (streamId: string, expectedVersion: number, types: string[]): AppendRequest => ({
  tenantId: tenant.id,
  streamId,
  streamType: 'test',
  expectedVersion,
  events: types.map((type) => ({ type, data: { n: type } })),
  metadata: { actor: { kind: 'system', id: 'test' }, causationId: null, correlationId: uuidv7() },
  recordedAt: new Date('2026-11-20T10:00:00Z'),
});

const append = (r: AppendRequest) => withTenant(database.db, tenant.id, (tx) => appendToStream(tx, r));

describe(`event store on ${databaseLabel}`, () => {
  it('appends at the expected version and reads the stream back in order with its metadata', async () => {
    const stream = uuidv7();
    await append(request(stream, 0, ['A', 'B']));
    await append(request(stream, 2, ['C']));
    const events = await withTenant(database.db, tenant.id, (tx) => readStream(tx, stream));
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
    expect(events[0]!.metadata.actor).toEqual({ kind: 'system', id: 'test' });
    expect(events[0]!.tenantId).toBe(tenant.id);
    expect(events[0]!.data).toEqual({ n: 'A' });
  });

  it('rejects a stale expected version with a typed conflict and writes nothing', async () => {
    const stream = uuidv7();
    await append(request(stream, 0, ['A']));
    const error = await append(request(stream, 0, ['B'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamVersionConflict);
    expect((error as StreamVersionConflict).actualVersion).toBe(1);
    const events = await withTenant(database.db, tenant.id, (tx) => readStream(tx, stream));
    expect(events.map((e) => e.type)).toEqual(['A']);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    for (let round = 0; round < 5; round++) {
      const stream = uuidv7();
      await append(request(stream, 0, ['Opened']));
      const results = await Promise.allSettled([
        append(request(stream, 1, ['FromWriterOne'])),
        append(request(stream, 1, ['FromWriterTwo'])),
      ]);
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r) => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect((losers[0] as PromiseRejectedResult).reason).toBeInstanceOf(StreamVersionConflict);
      const events = await withTenant(database.db, tenant.id, (tx) => readStream(tx, stream));
      expect(events).toHaveLength(2);
      expect(events[1]!.version).toBe(2);
    }
  });

  it('reads the global log in commit order from a checkpoint', async () => {
    const first = uuidv7();
    const second = uuidv7();
    await append(request(first, 0, ['One']));
    const checkpointName = `reader-${uuidv7()}`;
    const upToHere = await withTenant(database.db, tenant.id, async (tx) => {
      const all = await readAll(tx, LOG_START, 100_000);
      const last = positionOf(all[all.length - 1]!);
      await storeCheckpoint(tx, tenant.id, checkpointName, last);
      return last;
    });
    await append(request(second, 0, ['Two', 'Three']));
    const after = await withTenant(database.db, tenant.id, async (tx) => {
      const checkpoint = await loadCheckpoint(tx, checkpointName);
      return { checkpoint, events: await readAll(tx, checkpoint) };
    });
    expect(after.checkpoint).toEqual(upToHere);
    expect(after.events.map((e) => e.type)).toEqual(['Two', 'Three']);
  });

  it.skipIf(databaseLabel !== 'postgres')(
    'never skips an event of a transaction still in flight (reads it after it commits)',
    async () => {
      const slow = uuidv7();
      const fast = uuidv7();
      const before = await withTenant(database.db, tenant.id, async (tx) => {
        const all = await readAll(tx, LOG_START, 100_000);
        return all.length ? positionOf(all[all.length - 1]!) : LOG_START;
      });
      let releaseSlow!: () => void;
      const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
      let slowAppended!: () => void;
      const slowHasAppended = new Promise<void>((resolve) => (slowAppended = resolve));
      // The slow transaction takes its position first but commits last.
      const slowTx = withTenant(database.db, tenant.id, async (tx) => {
        await appendToStream(tx, request(slow, 0, ['Slow']));
        slowAppended();
        await slowMayCommit;
      });
      await slowHasAppended;
      await append(request(fast, 0, ['Fast']));
      const whileInFlight = await withTenant(database.db, tenant.id, (tx) => readAll(tx, before));
      expect(whileInFlight.map((e) => e.type)).toEqual([]);
      releaseSlow();
      await slowTx;
      const afterCommit = await withTenant(database.db, tenant.id, (tx) => readAll(tx, before));
      expect(afterCommit.map((e) => e.type)).toEqual(['Slow', 'Fast']);
    },
  );

  it('reads the log in numeric transaction order when the transaction ids gain a digit (999 before 1000)', async (test) => {
    const currentXid = async () =>
      BigInt(
        (await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(database.db)).rows[0]!.x,
      );
    // Each loop turn commits, so each uses one transaction id.
    const burn = async (count: bigint) => {
      if (count > 0n)
        await sql
          .raw(`do $$ begin for i in 1..${count} loop perform pg_current_xact_id(); commit; end loop; end $$`)
          .execute(database.db);
    };
    const start = await currentXid();
    const digits = start.toString().length;
    const nines = 9n * 10n ** BigInt(digits - 1);
    const nextPower = 10n ** BigInt(digits);
    if (nextPower - start > 300_000n) test.skip(); // too many ids to burn on a long-lived server
    await burn(nines - start - 5n);
    const stream = uuidv7();
    await append(request(stream, 0, ['before-the-new-digit']));
    const [before] = await withTenant(database.db, tenant.id, (tx) => readStream(tx, stream));
    await burn(nextPower - (await currentXid()) + 2n);
    await append(request(stream, 1, ['after-the-new-digit']));
    const all = await withTenant(database.db, tenant.id, (tx) =>
      readAll(tx, { transactionId: (BigInt(before!.transactionId) - 1n).toString(), position: 0n }, 10_000),
    );
    const mine = all.filter((e) => e.streamId === stream);
    expect(mine.map((e) => e.transactionId.length)).toEqual([digits, digits + 1]);
    expect(mine.map((e) => e.type)).toEqual(['before-the-new-digit', 'after-the-new-digit']);
    // And the whole page is in commit order, numerically.
    const keys = all.map((e) => [BigInt(e.transactionId), e.position] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? Number(a[1] - b[1]) : a[0] < b[0] ? -1 : 1));
    expect(keys).toEqual(sorted);
  });
});
