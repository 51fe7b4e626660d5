export * from './shared/domain-error';
export * from './money/money';
export * from './calendar/calendar';
export { Temporal } from '@js-temporal/polyfill';
