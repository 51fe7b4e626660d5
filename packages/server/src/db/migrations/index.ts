import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as ledger from './0002-ledger';
import * as payments from './0003-payments';
import * as interest from './0004-interest';
import * as rules from './0005-rules';
import * as dunning from './0006-dunning';
import * as agreements from './0007-agreements';
import * as security from './0008-security';
import * as gdpr from './0009-gdpr';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-ledger': ledger,
  '0003-payments': payments,
  '0004-interest': interest,
  '0005-rules': rules,
  '0006-dunning': dunning,
  '0007-agreements': agreements,
  '0008-security': security,
  '0009-gdpr': gdpr,
};
