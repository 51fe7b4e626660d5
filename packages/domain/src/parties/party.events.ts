export type PartyKind = 'organisation' | 'person';
export type CustomerType = 'business' | 'consumer';

export type Identifier = { readonly scheme: string; readonly value: string };
export type Address = {
  readonly lines: readonly string[];
  readonly postalCode?: string;
  readonly city?: string;
  readonly country: string;
};
export type ContactPoint = {
  readonly kind: 'email' | 'phone';
  readonly value: string;
  readonly optOut: boolean;
  readonly validFrom?: string;
  readonly validTo?: string;
};

export type PartyDetails = {
  readonly kind: PartyKind;
  readonly reference: string | null;
  readonly name: string;
  readonly customerType: CustomerType;
  readonly country: string | null;
  readonly language: string | null;
  readonly identifiers: readonly Identifier[];
  readonly addresses: readonly Address[];
  readonly contacts: readonly ContactPoint[];
};

export type PartyRegistered = { type: 'PartyRegistered'; data: { partyId: string } & PartyDetails };
/** Only the fields that changed, with their new values. */
export type PartyDetailsChanged = { type: 'PartyDetailsChanged'; data: { changes: Partial<PartyDetails> } };

/**
 * The person's data was erased (GDPR art. 17): the party is known only by its pseudonym from now
 * on. Who erased it and when are also in the event's metadata; the reason is the operator's.
 */
export type PartyAnonymised = {
  type: 'PartyAnonymised';
  data: { pseudonym: string; reason: string; erasedBy: string; erasedOn: string };
};

export type PartyEvent = PartyRegistered | PartyDetailsChanged | PartyAnonymised;
