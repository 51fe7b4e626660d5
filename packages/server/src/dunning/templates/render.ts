import { addDays, formatDate, parseDate } from '@quittance/domain';
import type { Template } from 'liquidjs';
import { DEFAULT_LOCALES, type DunningContext, type DunningLanguage } from './context';
import { itemTable, paymentTable, totalsTable, type DirectiveSettings } from './directives';
import { describeLiquidError, formatGlobals, htmlEngine, textEngine } from './engine';
import { plainSpaces, toCurrency } from './format';
import { DUNNING_LABELS } from './labels';
import {
  blocksToHtml,
  blocksToText,
  decodeValue,
  htmlDocument,
  parseMarkdownLight,
  type MessageBlock,
  type ParsedBlock,
} from './markdown-light';
import {
  compileTemplate,
  DunningTemplateError,
  fileLine,
  templateFileName,
  type DunningTemplate,
  type TemplatePart,
} from './template';

export type RenderOptions = {
  /** BCP 47 locale for money and dates (`fr-BE`, `de-CH`); default: the language's (`fr` → `fr-FR`). */
  readonly locale?: string;
  /** Fail on a variable the context lacks, instead of printing nothing (tests, the editor's check). */
  readonly strictVariables?: boolean;
  /** Days from `today` to the pay-by date when the context has none. Default 10. */
  readonly paymentTermDays?: number;
};

export type RenderedDunningMessage = {
  readonly templateId: string;
  readonly language: DunningLanguage;
  readonly locale: string;
  /** One line, for the email subject and the letter's subject line. */
  readonly subject: string;
  /** The body as plain text: the text part of the email. */
  readonly text: string;
  /** A complete HTML email, every value escaped. */
  readonly html: string;
  /** The SMS text (plain spaces, one line); empty when the template has none. */
  readonly sms: string;
  /** The body as blocks, which the PDF letter lays out. */
  readonly blocks: readonly MessageBlock[];
};

const DEFAULT_PAYMENT_TERM_DAYS = 10;

/** The context as templates see it: the creditor and the pay-by date always present. */
export const completeContext = (
  context: DunningContext,
  paymentTermDays = DEFAULT_PAYMENT_TERM_DAYS,
): DunningContext => ({
  ...context,
  creditor: context.creditor ?? {
    name: context.company.legalName,
    addressLines: context.company.addressLines,
  },
  payment: {
    ...context.payment,
    payBy: context.payment.payBy ?? formatDate(addDays(parseDate(context.today), paymentTermDays)),
  },
});

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const resolveDirectives = (
  blocks: readonly ParsedBlock[],
  context: DunningContext,
  settings: DirectiveSettings,
): MessageBlock[] =>
  blocks.flatMap((block): MessageBlock[] => {
    if (block.type !== 'directive') return [block];
    const excludeCosts = block.args.includes('exclude-costs');
    switch (block.name) {
      case 'items': {
        const table = itemTable(context, settings);
        return table ? [table] : [];
      }
      case 'totals':
        return [totalsTable(context, settings, excludeCosts)];
      case 'payment':
        return [paymentTable(context, settings, excludeCosts, !block.args.includes('without-date'))];
      default:
        // A directive spelled in a value cannot reach here (values are encoded); an unknown one
        // written in the template was refused when it was compiled.
        return [];
    }
  });

/**
 * Renders a template for one debtor: subject, plain text, HTML email, SMS and the body blocks for
 * a letter. Deterministic: the same template, context and options give the same output (the
 * context carries `today`). A value the template cannot format (an amount that is not a decimal
 * string, a date that is not `YYYY-MM-DD`) is a DunningTemplateError naming the file and line.
 */
export const renderDunningMessage = (
  template: DunningTemplate,
  context: DunningContext,
  options: RenderOptions = {},
): RenderedDunningMessage => {
  const compiled = compileTemplate(template);
  const locale = options.locale ?? DEFAULT_LOCALES[template.language];
  const currency = toCurrency(context.case.currency);
  const scope = completeContext(context, options.paymentTermDays);
  const renderOptions = {
    globals: formatGlobals({ locale, currency }),
    ...(options.strictVariables !== undefined ? { strictVariables: options.strictVariables } : {}),
  };
  const render = (part: TemplatePart, parsed: Template[], data: object): string => {
    try {
      return String((part === 'html' ? htmlEngine : textEngine).renderSync(parsed, data, renderOptions));
    } catch (error) {
      const problem = describeLiquidError(error);
      throw new DunningTemplateError([
        {
          file: templateFileName(template),
          line: fileLine(template, part, problem.line),
          message: `${part}: ${problem.message}`,
        },
      ]);
    }
  };

  const subject = oneLine(decodeValue(render('subject', compiled.subject ?? [], scope)));
  const settings: DirectiveSettings = { locale, currency, labels: DUNNING_LABELS[template.language] };
  const blocks = resolveDirectives(
    parseMarkdownLight(render('body', compiled.body ?? [], scope)),
    scope,
    settings,
  );
  const bodyHtml = blocksToHtml(blocks);
  const html = compiled.html
    ? render('html', compiled.html, { ...scope, subject, body_html: bodyHtml })
    : htmlDocument({ lang: locale, title: subject, body: bodyHtml });
  const sms = compiled.sms ? oneLine(plainSpaces(decodeValue(render('sms', compiled.sms, scope)))) : '';
  return {
    templateId: template.id,
    language: template.language,
    locale,
    subject,
    text: blocksToText(blocks),
    html,
    sms,
    blocks,
  };
};
