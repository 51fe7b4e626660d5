import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/quittance.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/rules/collections.yaml', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quittance-rules-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quittance = async (...args: string[]) => {
  const env: Record<string, string | undefined> = { ...process.env, QUITTANCE_DATA: join(dir, 'data') };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

/** The example file with one text replaced, written to the temp folder. */
const variant = (name: string, from: string, to: string): string => {
  const text = readFileSync(EXAMPLE, 'utf8');
  expect(text).toContain(from);
  const file = join(dir, name);
  writeFileSync(file, text.replace(from, to));
  return file;
};

describe('quittance rules', () => {
  it('tests the example rule set file: every embedded test passes', async () => {
    const result = await quittance('rules', 'test', EXAMPLE, '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ file: 'collections.yaml', name: 'Collections desk', ok: true });
    expect(report.tests).toMatchObject({ passed: 3, failed: 0 });
  });

  it('fails when a table change breaks a test, naming the test and what differs', async () => {
    const file = variant(
      'changed.yaml',
      `outputEntries: ['"dach"', '"collector.de"']`,
      `outputEntries: ['"dach"', '"collector.at"']`,
    );
    const result = await quittance('rules', 'test', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'FAIL  the first invoice of a German business assigns the case and plans a call',
    );
    expect(result.stdout).toContain('collector.at');
    expect(result.stdout).toContain('2 passed, 1 failed');
  });

  it('reports a type error with its place, line and column, and runs no test', async () => {
    const file = variant('typo.yaml', 'when: case.portfolio = null', 'when: case.portfolo = null');
    const result = await quittance('rules', 'test', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: typo\.yaml: reaction "assign-new-case".*line 1, column 6: .*portfolo/,
    );
    expect(result.stdout).toContain('does not compile');
  });

  it('names the line and field of a file that does not follow the format', async () => {
    const file = variant('bad-action.yaml', '{ type: setTimer,', '{ type: setAlarm,');
    const result = await quittance('rules', 'test', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-action\.yaml:52 reactions\.1\.then\.0\.type: /);
  });

  it('publishes the file for the tenant and exports it back as YAML', async () => {
    const published = await quittance('rules', 'publish', EXAMPLE, '--json');
    expect(published.code, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toEqual({ version: 2, status: 'published' });
    const out = join(dir, 'exported.yaml');
    const exported = await quittance('rules', 'export', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    const again = await quittance('rules', 'test', out, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ name: 'Collections desk', ok: true });
  });
});
