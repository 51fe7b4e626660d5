// Payment plans and promises to pay (PRODUCT D8/D9, C17/C18): pure schedule, status and outcome.
export * from './schedule';
export * from './plan-status';
export * from './promise';
