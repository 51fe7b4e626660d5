import type { PostingScheme } from '../posting-scheme';
import { FR_PCG_SCHEME } from './fr-pcg';
import { GENERIC_EN_SCHEME } from './generic-en';

export { FR_PCG_SCHEME } from './fr-pcg';
export { GENERIC_EN_SCHEME } from './generic-en';

/** The shipped schemes by code; a tenant's company starts from one of them. */
export const POSTING_SCHEMES: Readonly<Record<string, PostingScheme>> = {
  [FR_PCG_SCHEME.code]: FR_PCG_SCHEME,
  [GENERIC_EN_SCHEME.code]: GENERIC_EN_SCHEME,
};
