import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/quittance.mjs', import.meta.url));
const INVOICES = fileURLToPath(
  new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quittance-dunning-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real command in a child process, on a PGlite folder, emails into a pickup folder. */
const quittance = async (...args: string[]) => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    QUITTANCE_DATA: join(dir, 'data'),
    MAIL_PICKUP_DIR: join(dir, 'outbox'),
  };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  const { stdout } = await run(process.execPath, [BIN, ...args], { env, timeout: 90_000 });
  return stdout;
};

describe('quittance dunning run', () => {
  it('runs what is due with the JSON of the CLI contract, sends the emails, and does nothing twice', async () => {
    await quittance('import', 'invoices', INVOICES, '--json');
    const first = JSON.parse(await quittance('dunning', 'run', '--as-of', '2026-11-20', '--json'));
    expect(Object.keys(first)).toEqual(['asOf', 'casesEvaluated', 'actions']);
    expect(first.asOf).toBe('2026-11-20');
    expect(first.casesEvaluated).toBe(5);
    for (const action of first.actions) {
      expect(action).toEqual(
        expect.objectContaining({
          case: expect.stringMatching(/^2026-\d{6}$/),
          customer: expect.stringMatching(/^C00\d$/),
          invoices: expect.any(Array),
          strategy: expect.any(String),
          step: expect.any(String),
          channel: expect.stringMatching(/^(email|sms|letter|phone|none)$/),
          status: expect.any(String),
        }),
      );
    }
    // Claire Janssens (a Belgian consumer) gets the consumer strategy's reminder by email.
    const claire = first.actions.filter(
      (a: { customer: string; channel: string }) => a.customer === 'C002' && a.channel === 'email',
    );
    expect(claire.length).toBe(2);
    expect(
      claire.every(
        (a: { strategy: string; status: string }) => a.strategy === 'consumer-gentle' && a.status === 'sent',
      ),
    ).toBe(true);

    const files = readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(first.actions.filter((a: { status: string }) => a.status === 'sent').length);
    const mail = await simpleParser(readFileSync(join(dir, 'outbox', files[0]!)));
    expect(mail.to && JSON.stringify(mail.to)).toContain('claire.janssens@example.be');
    expect(mail.text).toMatch(/INV-24003|INV-24001/);

    const second = JSON.parse(await quittance('dunning', 'run', '--as-of', '2026-11-20', '--json'));
    expect(second.actions).toEqual([]);
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(files.length);
  });
});
