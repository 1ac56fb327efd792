/** Every table, one file per area. drizzle-kit reads this module (drizzle.config.ts). */
export * from './customers.ts';
export * from './transactions.ts';
export * from './kyc.ts';
export * from './monitoring.ts';
export * from './cases.ts';
export * from './notifications.ts';
export * from './customer-volume.ts';
export * from './sars.ts';
export * from './console.ts';
export * from './appeals.ts';
export * from './customer-versions.ts';
