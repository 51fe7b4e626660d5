import { POSTING_SCHEMES, type PostingScheme } from '@quittance/domain';
import { PostingSchemeDto } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';

/** Gives a tenant its own copy of every shipped scheme it does not have yet. */
export const ensureDefaultPostingSchemes = async (tx: Tx, tenantId: string): Promise<void> => {
  for (const scheme of Object.values(POSTING_SCHEMES)) {
    await tx
      .insertInto('posting_schemes')
      .values({ tenant_id: tenantId, code: scheme.code, scheme: JSON.stringify(scheme) })
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .execute();
  }
};

/** The tenant's schemes by code, each checked against the contract's schema when read. */
export const tenantPostingSchemes = async (tx: Tx): Promise<Map<string, PostingScheme>> => {
  const rows = await tx.selectFrom('posting_schemes').select(['code', 'scheme']).execute();
  const schemes = new Map<string, PostingScheme>();
  for (const row of rows) {
    const parsed = PostingSchemeDto.safeParse(row.scheme);
    if (parsed.success) schemes.set(row.code, parsed.data as PostingScheme);
  }
  return schemes;
};

export const savePostingScheme = async (
  tx: Tx,
  tenantId: string,
  scheme: PostingSchemeDto,
): Promise<void> => {
  await tx
    .insertInto('posting_schemes')
    .values({ tenant_id: tenantId, code: scheme.code, scheme: JSON.stringify(scheme) })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'code'])
        .doUpdateSet({ scheme: JSON.stringify(scheme), updated_at: new Date() }),
    )
    .execute();
};
