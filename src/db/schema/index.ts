/** Every table, one file per area. drizzle-kit reads this module (drizzle.config.ts). */
export * from './lists.ts';
export * from './customers.ts';
