export * from './common';
export * from './cases';
export * from './parties';

/** The API's base path; the web client and the server agree on it here. */
export const API_BASE = '/api/v1';
export * from './ledger';
export * from './rules';
