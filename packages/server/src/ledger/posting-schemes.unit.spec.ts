import { describe, expect, it } from 'vitest';
import { PostingSchemeDto } from '@quittance/api-contract';
import { POSTING_SCHEMES } from '@quittance/domain';

describe('shipped posting schemes', () => {
  it.each(Object.keys(POSTING_SCHEMES))('%s is valid tenant data under the API schema', (code) => {
    const parsed = PostingSchemeDto.safeParse(JSON.parse(JSON.stringify(POSTING_SCHEMES[code])));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('rejects a scheme that leaves a sub-ledger account unmapped', () => {
    const { written_off: _dropped, ...accounts } = POSTING_SCHEMES['fr-pcg']!.accounts;
    const parsed = PostingSchemeDto.safeParse({ ...POSTING_SCHEMES['fr-pcg'], accounts });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['accounts', 'written_off']);
  });
});
