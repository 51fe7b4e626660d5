import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DomainError } from '@quittance/domain';
import type { Tx } from '../db/tenancy';

/**
 * Case types (product models) with their custom fields described by a JSON Schema per tenant
 * (A1): adding a field is data, not code.
 */
export const DEFAULT_CASE_TYPES: readonly { code: string; name: string; schema: Record<string, unknown> }[] =
  [
    {
      code: 'receivable_account',
      name: 'Receivable account',
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          accountingReference: { type: 'string', maxLength: 64 },
          salesRepresentative: { type: 'string', maxLength: 128 },
          paymentTermsDays: { type: 'integer', minimum: 0, maximum: 365 },
          creditLimit: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
          segment: { type: 'string', enum: ['key_account', 'sme', 'consumer', 'public_sector'] },
        },
      },
    },
    {
      code: 'collection_claim',
      name: 'Collection claim (third party)',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['clientReference'],
        properties: {
          clientReference: { type: 'string', minLength: 1, maxLength: 64 },
          contractDate: { type: 'string', format: 'date' },
          claimNature: { type: 'string', enum: ['goods', 'services', 'rent', 'loan', 'other'] },
        },
      },
    },
  ];

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

export const ensureDefaultCaseTypes = async (tx: Tx, tenantId: string): Promise<void> => {
  for (const t of DEFAULT_CASE_TYPES) {
    await tx
      .insertInto('case_types')
      .values({ tenant_id: tenantId, code: t.code, name: t.name, json_schema: JSON.stringify(t.schema) })
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .execute();
  }
};

const describe = (e: ErrorObject): { path: string; message: string } => ({
  path: `customFields${e.instancePath.replaceAll('/', '.')}${
    e.keyword === 'additionalProperties' ? `.${String(e.params.additionalProperty)}` : ''
  }`,
  message:
    e.keyword === 'additionalProperties' ? 'is not a field of this case type' : (e.message ?? 'is invalid'),
});

/** Checks custom fields against the tenant's schema for the case type; rejects naming each field. */
export const validateCustomFields = async (
  tx: Tx,
  caseType: string,
  customFields: Record<string, unknown>,
): Promise<void> => {
  const type = await tx
    .selectFrom('case_types')
    .select(['json_schema'])
    .where('code', '=', caseType)
    .executeTakeFirst();
  if (!type) throw new DomainError('unknown_case_type', `unknown case type "${caseType}"`);
  const validate = ajv.compile(type.json_schema as object);
  if (!validate(customFields)) {
    const issues = (validate.errors ?? []).map(describe);
    throw new DomainError('invalid_custom_fields', issues.map((i) => `${i.path} ${i.message}`).join('; '), {
      issues,
    });
  }
};
