import { z } from 'zod';
import { CaseSummary, PartyRole } from './cases';
import { PageMeta } from './common';

export const PartyKind = z.enum(['organisation', 'person']);
export const CustomerType = z.enum(['business', 'consumer']);

export const Identifier = z.object({
  scheme: z
    .string()
    .meta({ description: 'siren, siret, vat, lei, duns, company_register, national_id, ...' }),
  value: z.string().min(1),
});

export const Address = z.object({
  lines: z.array(z.string()).min(1),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/),
});

export const ContactPoint = z.object({
  kind: z.enum(['email', 'phone']),
  value: z.string().min(1),
  optOut: z.boolean().default(false),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
});

export const Party = z
  .object({
    id: z.string().uuid(),
    kind: PartyKind,
    reference: z.string().nullable(),
    name: z.string(),
    customerType: CustomerType,
    country: z.string().nullable(),
    language: z.string().nullable(),
    identifiers: z.array(Identifier),
    addresses: z.array(Address),
    contacts: z.array(ContactPoint),
    createdAt: z.string(),
  })
  .meta({ id: 'Party' });
export type Party = z.infer<typeof Party>;

export const PartyWithCases = Party.extend({
  cases: z.array(CaseSummary.extend({ role: PartyRole })),
}).meta({ id: 'PartyWithCases' });
export type PartyWithCases = z.infer<typeof PartyWithCases>;

export const PartyList = z.object({ items: z.array(Party), meta: PageMeta }).meta({ id: 'PartyList' });
export type PartyList = z.infer<typeof PartyList>;

export const PartyListQuery = z.object({
  q: z.string().optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

export const RegisterPartyRequest = z
  .object({
    kind: PartyKind.default('organisation'),
    reference: z.string().optional(),
    name: z.string().trim().min(1),
    customerType: CustomerType.default('business'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    language: z.string().optional(),
    identifiers: z.array(Identifier).default([]),
    addresses: z.array(Address).default([]),
    contacts: z.array(ContactPoint).default([]),
  })
  .meta({ id: 'RegisterPartyRequest' });
export type RegisterPartyRequest = z.input<typeof RegisterPartyRequest>;
