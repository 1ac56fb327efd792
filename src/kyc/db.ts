/** The database handle KYC code writes through: the app's Db or an open transaction on it. */
import type { Db } from '../db/client.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
