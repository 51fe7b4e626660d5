import { expect } from 'vitest';
import { DomainError, type DomainErrorCode } from './domain-error';

export type Decider<Command, Event, State> = {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
};

export type DeciderThen<Event> = {
  /** The command yields exactly these events, in this order (`[]` for "nothing happens"). */
  readonly then: (expectedEvents: readonly Event[]) => void;
  /** The command is rejected with a DomainError carrying this code. */
  readonly thenThrows: (code: DomainErrorCode) => void;
};

export type DeciderSpec<Command, Event> = {
  readonly given: (events: readonly Event[]) => { readonly when: (command: Command) => DeciderThen<Event> };
};

/**
 * Given/when/then for a decider, in the emmett style: the given events are folded with `evolve`
 * from `initialState`, then `decide(command, state)` runs once per assertion.
 */
export const deciderSpec = <Command, Event, State>(
  decider: Decider<Command, Event, State>,
): DeciderSpec<Command, Event> => ({
  given: (events) => ({
    when: (command) => {
      const run = (): Event[] => decider.decide(command, events.reduce(decider.evolve, decider.initialState));
      return {
        then: (expectedEvents) => {
          expect(run()).toEqual(expectedEvents);
        },
        thenThrows: (code) => {
          let produced: Event[] | undefined;
          let thrown: unknown;
          try {
            produced = run();
          } catch (error) {
            thrown = error;
          }
          expect(produced, `expected DomainError "${code}" but the command was accepted`).toBeUndefined();
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
        },
      };
    },
  }),
});
