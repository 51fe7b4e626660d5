import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider.spec-helper';
import { decideParty, evolveParty, initialPartyState, type RegisterParty } from './party.decide';
import type { PartyRegistered } from './party.events';

const { given } = deciderSpec({ decide: decideParty, evolve: evolveParty, initialState: initialPartyState });

const register: RegisterParty = {
  type: 'RegisterParty',
  data: {
    partyId: 'party-1',
    kind: 'organisation',
    reference: 'C-42',
    name: 'Dupont SPRL',
    customerType: 'business',
    country: 'BE',
    language: 'fr',
    identifiers: [{ scheme: 'BE:VAT', value: 'BE0123456789' }],
    addresses: [{ lines: ['Rue de la Loi 16'], postalCode: '1000', city: 'Bruxelles', country: 'BE' }],
    contacts: [{ kind: 'email', value: 'compta@dupont.be', optOut: false }],
  },
};

const registered: PartyRegistered = { type: 'PartyRegistered', data: register.data };

describe('decideParty', () => {
  describe('RegisterParty', () => {
    it('registers the party', () => {
      given([]).when(register).then([registered]);
    });

    it('trims the name', () => {
      given([])
        .when({ ...register, data: { ...register.data, name: '  Dupont SPRL \n' } })
        .then([registered]);
    });

    it('is a no-op when the same party is registered again', () => {
      given([registered]).when(register).then([]);
    });

    it('rejects another party id on an existing stream', () => {
      given([registered])
        .when({ ...register, data: { ...register.data, partyId: 'party-2' } })
        .thenThrows('party_already_exists');
    });

    it('rejects an empty or blank name', () => {
      given([])
        .when({ ...register, data: { ...register.data, name: '' } })
        .thenThrows('invalid_party');
      given([])
        .when({ ...register, data: { ...register.data, name: '   ' } })
        .thenThrows('invalid_party');
    });
  });

  describe('ChangePartyDetails', () => {
    it('records only the fields that changed', () => {
      given([registered])
        .when({
          type: 'ChangePartyDetails',
          data: {
            name: 'Dupont & Fils SPRL',
            country: 'BE',
            language: 'nl',
            identifiers: register.data.identifiers,
          },
        })
        .then([
          { type: 'PartyDetailsChanged', data: { changes: { name: 'Dupont & Fils SPRL', language: 'nl' } } },
        ]);
    });

    it('records a change inside a list', () => {
      const contacts = [{ kind: 'email', value: 'compta@dupont.be', optOut: true }] as const;
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { contacts } })
        .then([{ type: 'PartyDetailsChanged', data: { changes: { contacts } } }]);
    });

    it('records a field set to null', () => {
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { reference: null } })
        .then([{ type: 'PartyDetailsChanged', data: { changes: { reference: null } } }]);
    });

    it('compares against the details as last changed', () => {
      given([registered, { type: 'PartyDetailsChanged', data: { changes: { language: 'nl' } } }])
        .when({ type: 'ChangePartyDetails', data: { language: 'nl' } })
        .then([]);
    });

    it('records nothing when nothing changed', () => {
      given([registered]).when({ type: 'ChangePartyDetails', data: {} }).then([]);
      const { partyId: _partyId, ...details } = register.data;
      given([registered]).when({ type: 'ChangePartyDetails', data: details }).then([]);
    });

    it('records nothing when the same details come back with their keys in another order', () => {
      // Details read back from a jsonb column do not keep the key order of the form that sent them.
      given([registered])
        .when({
          type: 'ChangePartyDetails',
          data: {
            addresses: [
              { country: 'BE', city: 'Bruxelles', postalCode: '1000', lines: ['Rue de la Loi 16'] },
            ],
            contacts: [{ optOut: false, value: 'compta@dupont.be', kind: 'email' }],
          },
        })
        .then([]);
    });

    it('trims a new name, and a name differing only by spaces is no change', () => {
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { name: ' Dupont SPRL ' } })
        .then([]);
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { name: ' Dupont & Fils ' } })
        .then([{ type: 'PartyDetailsChanged', data: { changes: { name: 'Dupont & Fils' } } }]);
    });

    it('rejects an empty or blank name', () => {
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { name: '' } })
        .thenThrows('invalid_party');
      given([registered])
        .when({ type: 'ChangePartyDetails', data: { name: '  ' } })
        .thenThrows('invalid_party');
    });

    it('rejects a party that does not exist', () => {
      given([])
        .when({ type: 'ChangePartyDetails', data: { name: 'Dupont SPRL' } })
        .thenThrows('party_not_found');
    });
  });
});
