import { add, isZero, sum, type CurrencyCode, type Money } from '@quittance/domain';
import type { DunningContext } from './context';
import {
  formatDateForLocale,
  formatIban,
  formatIntegerForLocale,
  formatMoneyForLocale,
  toMoney,
  toPlainDate,
} from './format';
import type { DunningLabels } from './labels';
import { plainLine, type MessageBlock, type TableRow } from './markdown-light';

// The blocks Quittance writes itself where a body says `[[items]]`, `[[totals]]` or
// `[[payment]]`: the same figures in every template and language, formatted per locale.

export type DirectiveSettings = {
  readonly locale: string;
  readonly currency: CurrencyCode;
  readonly labels: DunningLabels;
};

type Table = Extract<MessageBlock, { type: 'table' }>;

const row = (cells: readonly string[], strong = false): TableRow => ({
  cells: cells.map((cell) => plainLine(cell)),
  ...(strong ? { strong } : {}),
});

/** The amount asked: the total due, or without the costs the law leaves to the creditor. */
export const amountAsked = (context: DunningContext, currency: CurrencyCode, excludeCosts: boolean): Money =>
  excludeCosts
    ? sum(
        [context.totals.principal, context.totals.interest, context.totals.fees].map((v) =>
          toMoney(v, currency),
        ),
        currency,
      )
    : toMoney(context.totals.totalDue, currency);

export const itemTable = (context: DunningContext, settings: DirectiveSettings): Table | undefined => {
  if (context.items.length === 0) return undefined;
  const { locale, currency, labels } = settings;
  const money = (value: string) => formatMoneyForLocale(toMoney(value, currency), locale);
  const date = (value: string) => formatDateForLocale(toPlainDate(value), locale, 'short');
  // A credit note is not late: its days are left blank.
  const overdue = (item: DunningContext['items'][number]) =>
    item.kind !== 'credit-note' && item.daysPastDue > 0;
  const showDays = context.items.some(overdue);
  const total = context.items.reduce<Money>(
    (acc, item) => add(acc, toMoney(item.outstanding, currency)),
    toMoney('0', currency),
  );
  const cells = (item: DunningContext['items'][number]) => [
    item.kind === 'invoice' ? item.number : `${item.number} (${labels.kinds[item.kind]})`,
    date(item.issueDate),
    date(item.dueDate),
    money(item.amount),
    money(item.outstanding),
    ...(showDays ? [overdue(item) ? formatIntegerForLocale(item.daysPastDue, locale) : ''] : []),
  ];
  return {
    type: 'table',
    role: 'items',
    header: true,
    columns: [
      { label: labels.items.document, align: 'left' },
      { label: labels.items.issueDate, align: 'left' },
      { label: labels.items.dueDate, align: 'left' },
      { label: labels.items.amount, align: 'right' },
      { label: labels.items.outstanding, align: 'right' },
      ...(showDays ? [{ label: labels.items.daysPastDue, align: 'right' as const }] : []),
    ],
    rows: context.items.map((item) => row(cells(item))),
    footer: [
      row(
        [labels.items.total, '', '', '', formatMoneyForLocale(total, locale), ...(showDays ? [''] : [])],
        true,
      ),
    ],
  };
};

export const totalsTable = (
  context: DunningContext,
  settings: DirectiveSettings,
  excludeCosts: boolean,
): Table => {
  const { locale, currency, labels } = settings;
  const parts: [string, string, boolean][] = [
    [labels.totals.principal, context.totals.principal, true],
    [labels.totals.interest, context.totals.interest, false],
    [labels.totals.fees, context.totals.fees, false],
    ...(excludeCosts
      ? []
      : [[labels.totals.costs, context.totals.costs, false] as [string, string, boolean]]),
  ];
  return {
    type: 'table',
    role: 'totals',
    header: false,
    columns: [
      { label: '', align: 'left' },
      { label: '', align: 'right' },
    ],
    rows: parts
      .filter(([, value, always]) => always || !isZero(toMoney(value, currency)))
      .map(([label, value]) => row([label, formatMoneyForLocale(toMoney(value, currency), locale)])),
    footer: [
      row(
        [labels.totals.totalDue, formatMoneyForLocale(amountAsked(context, currency, excludeCosts), locale)],
        true,
      ),
    ],
  };
};

export const paymentTable = (
  context: DunningContext,
  settings: DirectiveSettings,
  excludeCosts: boolean,
  withDate = true,
): Table => {
  const { locale, currency, labels } = settings;
  const rows: [string, string][] = [
    [labels.payment.payee, context.company.legalName],
    [labels.payment.iban, formatIban(context.payment.iban)],
    [labels.payment.bic, context.payment.bic],
    [labels.payment.reference, context.payment.reference],
    [labels.payment.amount, formatMoneyForLocale(amountAsked(context, currency, excludeCosts), locale)],
    ...(withDate && context.payment.payBy
      ? [
          [labels.payment.payBy, formatDateForLocale(toPlainDate(context.payment.payBy), locale)] as [
            string,
            string,
          ],
        ]
      : []),
    ...(context.payment.link ? [[labels.payment.link, context.payment.link] as [string, string]] : []),
  ];
  return {
    type: 'table',
    role: 'payment',
    header: false,
    columns: [
      { label: '', align: 'left' },
      { label: '', align: 'left' },
    ],
    rows: rows.map((cells) => row(cells)),
    footer: [],
  };
};
