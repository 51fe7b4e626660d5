import { STANDARD_RULE_SET } from '@quittance/domain';
import { describe, expect, it } from 'vitest';
import { editorState, isDirty, toDocument } from './editor-state';
import type { RuleSetDocument } from './rules.types';

const standard = JSON.parse(JSON.stringify(STANDARD_RULE_SET)) as RuleSetDocument;

describe('editor state', () => {
  it('gives back the standard library, strategies and contact rules included', () => {
    const read = toDocument(editorState(standard));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.document.strategies).toEqual(standard.strategies);
    expect(read.document.contactRules).toEqual(standard.contactRules);
    expect(read.document.reactions).toEqual(standard.reactions);
    expect(read.document.tests).toEqual(standard.tests);
  });

  it('writes no strategies nor contact rules back when the document had none', () => {
    const { strategies: _s, contactRules: _c, ...bare } = standard;
    const read = toDocument(editorState(bare));
    expect(read.ok && 'strategies' in read.document).toBe(false);
    expect(read.ok && 'contactRules' in read.document).toBe(false);
  });

  it('refuses to save a strategy field that does not read, and says which', () => {
    const state = editorState(standard);
    const [first, ...rest] = state.strategies ?? [];
    if (!first) throw new Error('no strategy');
    const edited = {
      ...state,
      strategies: [
        { ...first, steps: first.steps.map((s, i) => (i === 1 ? { ...s, offsetDays: '1.5' } : s)) },
        ...rest,
      ],
    };
    expect(isDirty(edited, state)).toBe(true);
    const read = toDocument(edited);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.size).toBe(0);
    expect([...read.dunning.keys()]).toEqual(['strategy:0:step:1:offsetDays']);
  });

  it('saves an edited offset as a number', () => {
    const state = editorState(standard);
    const [first, ...rest] = state.strategies ?? [];
    if (!first) throw new Error('no strategy');
    const read = toDocument({
      ...state,
      strategies: [
        { ...first, steps: first.steps.map((s, i) => (i === 2 ? { ...s, offsetDays: '20' } : s)) },
        ...rest,
      ],
    });
    expect(read.ok && read.document.strategies?.[0]?.steps[2]).toMatchObject({ id: 'R2', offsetDays: 20 });
  });
});
