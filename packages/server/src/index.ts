// The server's public surface, for tests and for embedding the app in another process.
export { loadConfig, type Config } from './config';
export { openDatabase, type DatabaseHandle, type Db } from './db/database';
export { migrateToLatest } from './db/migrate';
export { withTenant, ensureTenant, type Tenant } from './db/tenancy';
export { createApp, DEFAULT_WEB_DIST, type AppDeps } from './http/app';
export { openRuntime, prepareTenant } from './runtime';
export { main } from './cli/main';
