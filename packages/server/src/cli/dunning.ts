import { loadConfig } from '../config';
import type { CommandContext } from '../application/context';
import { runDunning } from '../dunning/run';
import { createMailer, createSmsProvider } from '../dunning/channels';
import { processRules } from '../rules/processor';
import { escalateOverdueTasks, fireDueTimers } from '../rules/sweeps';

/**
 * `quittance dunning run [--as-of D] [--json]`: first brings the Expert System up to date (new
 * events, due timers: strategies start there), then runs what dunning has due on `--as-of`.
 * Today runs at the clock's time (quiet hours apply); another date runs at 10:00 UTC that day.
 */
export const dunningRun = async (ctx: CommandContext, out: { json: boolean }): Promise<number> => {
  const clockToday = new Date().toISOString().slice(0, 10);
  const now = ctx.today === clockToday ? new Date() : new Date(`${ctx.today}T10:00:00Z`);
  const sweep = { today: ctx.today, clock: () => now };
  await fireDueTimers(ctx.db, ctx.tenant, sweep);
  await escalateOverdueTasks(ctx.db, ctx.tenant, sweep);
  await processRules(ctx.db, ctx.tenant, sweep);

  const channels = loadConfig().channels;
  const mailer = createMailer(channels.mail);
  try {
    const report = await runDunning(
      { ...ctx, now },
      { mailer, sms: createSmsProvider(channels.sms) },
      { asOf: ctx.today, now },
    );
    if (out.json) {
      process.stdout.write(
        `${JSON.stringify({
          asOf: report.asOf,
          casesEvaluated: report.casesEvaluated,
          actions: report.actions.map((a) => ({
            case: a.case,
            customer: a.customer,
            invoices: a.invoices,
            strategy: a.strategy,
            step: a.step,
            channel: a.channel,
            status: a.status,
            ...(a.reason !== undefined ? { reason: a.reason } : {}),
          })),
        })}\n`,
      );
    } else {
      const lines = [
        `dunning ${report.asOf}: ${report.casesEvaluated} cases evaluated, ${report.actions.length} actions`,
        ...report.actions.map(
          (a) =>
            `  ${a.case} ${a.customer ?? ''} ${a.strategy}/${a.step} ${a.channel} ${a.status}${a.reason ? ` (${a.reason})` : ''} ${a.invoices.join(', ')}`,
        ),
        ...(report.printBatch
          ? [`  letters to print: ${report.printBatch.letters} (document ${report.printBatch.documentId})`]
          : []),
        ...report.warnings.map((w) => `  warning: ${w}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    await mailer.close();
  }
};
