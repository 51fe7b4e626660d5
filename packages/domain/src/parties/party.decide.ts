import { DomainError } from '../shared/domain-error';
import type { PartyAnonymised, PartyDetails, PartyEvent } from './party.events';

export type RegisterParty = { type: 'RegisterParty'; data: { partyId: string } & PartyDetails };
export type ChangePartyDetails = { type: 'ChangePartyDetails'; data: Partial<PartyDetails> };
export type AnonymiseParty = { type: 'AnonymiseParty'; data: PartyAnonymised['data'] };
export type PartyCommand = RegisterParty | ChangePartyDetails | AnonymiseParty;

export type PartyState =
  | { readonly status: 'initial' }
  | ({ readonly status: 'registered'; partyId: string; anonymised?: boolean } & PartyDetails);

export const initialPartyState: PartyState = { status: 'initial' };

export const evolveParty = (state: PartyState, event: PartyEvent): PartyState => {
  switch (event.type) {
    case 'PartyRegistered':
      return { status: 'registered', ...event.data };
    case 'PartyDetailsChanged':
      return state.status === 'initial' ? state : { ...state, ...event.data.changes };
    case 'PartyAnonymised':
      return state.status === 'initial'
        ? state
        : {
            ...state,
            name: event.data.pseudonym,
            reference: null,
            identifiers: [],
            addresses: [],
            contacts: [],
            anonymised: true,
          };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

const DETAIL_KEYS = [
  'kind',
  'reference',
  'name',
  'customerType',
  'country',
  'language',
  'identifiers',
  'addresses',
  'contacts',
] as const satisfies readonly (keyof PartyDetails)[];

// Key order carries no meaning: details read back from a jsonb column and the same details sent
// by a form list their keys differently, and that must not count as a change.
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, canonical(record[key])]),
  );
};
const sameValue = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Registers a party, or records which of its details changed; nothing when nothing changed. */
export const decideParty = (command: PartyCommand, state: PartyState): PartyEvent[] => {
  switch (command.type) {
    case 'RegisterParty': {
      if (state.status !== 'initial') {
        if (state.partyId === command.data.partyId) return [];
        throw new DomainError('party_already_exists', 'the party already exists');
      }
      if (command.data.name.trim() === '') throw new DomainError('invalid_party', 'a party needs a name');
      return [{ type: 'PartyRegistered', data: { ...command.data, name: command.data.name.trim() } }];
    }
    case 'ChangePartyDetails': {
      if (state.status === 'initial') throw new DomainError('party_not_found', 'the party does not exist');
      if (state.anonymised) throw new DomainError('invalid_party', 'the party was erased');
      // Names are kept trimmed, as at registration.
      const data =
        command.data.name === undefined ? command.data : { ...command.data, name: command.data.name.trim() };
      if (data.name === '') throw new DomainError('invalid_party', 'a party needs a name');
      const changes: Record<string, unknown> = {};
      for (const key of DETAIL_KEYS) {
        const value = data[key];
        if (value !== undefined && !sameValue(value, state[key])) changes[key] = value;
      }
      return Object.keys(changes).length === 0
        ? []
        : [{ type: 'PartyDetailsChanged', data: { changes: changes as Partial<PartyDetails> } }];
    }
    case 'AnonymiseParty': {
      if (state.status === 'initial') throw new DomainError('party_not_found', 'the party does not exist');
      // Erasing twice changes nothing.
      return state.anonymised ? [] : [{ type: 'PartyAnonymised', data: command.data }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};
