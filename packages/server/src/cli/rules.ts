import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '@quittance/domain';
import { checkRuleSet, createDraft, getRuleSet, listRuleSets, publishRuleSet } from '../rules/rule-sets';
import { formatIssue, readRuleSetFile } from '../rules/rule-set-file';
import { processRules } from '../rules/processor';
import { escalateOverdueTasks, fireDueTimers } from '../rules/sweeps';
import type { CommandContext } from '../application/context';
import { withTenant } from '../db/tenancy';

type Out = { json: boolean };

const where = (file: string, d: Diagnostic): string =>
  `${basename(file)}: ${d.where ? `${d.where}, ` : ''}line ${d.start.line}, column ${d.start.column}: ${d.message}`;

/**
 * `quittance rules test FILE`: compiles a rule set file and runs its embedded tests, without a
 * database. Exit 0 when it compiles and every test passes, 1 otherwise.
 */
export const rulesTest = async (file: string, out: Out): Promise<number> => {
  const parsed = await readRuleSetFile(file);
  if (!parsed.ok) {
    const messages = parsed.issues.map((issue) => formatIssue(file, issue));
    if (out.json)
      process.stdout.write(`${JSON.stringify({ file: basename(file), ok: false, errors: messages })}\n`);
    else process.stderr.write(`${messages.map((m) => `quittance: ${m}`).join('\n')}\n`);
    return 1;
  }
  const check = checkRuleSet(parsed.document);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  const report = check.testReport;
  const ok = errors.length === 0 && report !== null && report.failed === 0;
  if (out.json) {
    process.stdout.write(
      `${JSON.stringify({
        file: basename(file),
        name: parsed.document.name,
        ok,
        diagnostics: check.diagnostics,
        tests: report ?? { passed: 0, failed: 0, results: [] },
      })}\n`,
    );
    return ok ? 0 : 1;
  }
  for (const d of check.diagnostics) process.stderr.write(`${d.severity}: ${where(file, d)}\n`);
  if (report) {
    for (const result of report.results) {
      process.stdout.write(`${result.ok ? 'pass' : 'FAIL'}  ${result.name}\n`);
      for (const failure of result.failures) process.stdout.write(`      ${failure}\n`);
    }
    process.stdout.write(
      `${parsed.document.name}: ${report.passed} passed, ${report.failed} failed${errors.length ? `, ${errors.length} error(s)` : ''}\n`,
    );
  } else {
    process.stdout.write(
      `${parsed.document.name}: does not compile (${errors.length} error(s)); tests not run\n`,
    );
  }
  return ok ? 0 : 1;
};

/** `quittance rules publish FILE`: a new version from the file, published if it passes. */
export const rulesPublish = async (ctx: CommandContext, file: string, out: Out): Promise<number> => {
  const parsed = await readRuleSetFile(file);
  if (!parsed.ok) {
    for (const issue of parsed.issues) process.stderr.write(`quittance: ${formatIssue(file, issue)}\n`);
    return 1;
  }
  const detail = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    const draft = await createDraft(tx, ctx.tenant.id, { document: parsed.document }, ctx.actor.id, ctx.now);
    return publishRuleSet(tx, draft.version, ctx.actor.id, ctx.now);
  });
  if (out.json)
    process.stdout.write(`${JSON.stringify({ version: detail.version, status: detail.status })}\n`);
  else process.stdout.write(`published ${detail.name} as version ${detail.version}\n`);
  return 0;
};

/** `quittance rules export --out FILE [--version N]`: a version as a YAML file (default: the published one). */
export const rulesExport = async (
  ctx: CommandContext,
  outFile: string,
  version: number | undefined,
): Promise<number> => {
  const detail = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    const chosen = version ?? (await listRuleSets(tx)).find((v) => v.status === 'published')?.version;
    if (chosen === undefined) throw new Error('no published rule set; say --version N');
    return getRuleSet(tx, chosen);
  });
  await writeFile(outFile, stringify(detail.document, { lineWidth: 120 }), 'utf8');
  process.stdout.write(`wrote version ${detail.version} (${detail.status}) to ${outFile}\n`);
  return 0;
};

/** `quittance rules process [--as-of D]`: fire due timers, escalate overdue tasks, react to new events. */
export const rulesProcess = async (ctx: CommandContext, out: Out): Promise<number> => {
  const options = { today: ctx.today, clock: () => ctx.now };
  const timersFired = await fireDueTimers(ctx.db, ctx.tenant, options);
  const tasksEscalated = await escalateOverdueTasks(ctx.db, ctx.tenant, options);
  const processed = await processRules(ctx.db, ctx.tenant, options);
  const result = { asOf: ctx.today, ...processed, timersFired, tasksEscalated };
  if (out.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `rules up to ${ctx.today}: ${processed.events} events evaluated, ${processed.decisions} decisions, ${timersFired} timers fired, ${tasksEscalated} overdue tasks escalated\n`,
    );
  return 0;
};
