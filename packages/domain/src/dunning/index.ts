// Dunning (PRODUCT.md C1–C16, L6): the shared model, the strategy compiler, the pure planner,
// contact rules, champion/challenger and the standard library.
export * from './strategy';
export * from './strategy.compile';
export * from './contact-rules';
export * from './dunning.plan';
export * from './champion-challenger';
export * from './standard-strategies';
