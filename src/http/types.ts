import type { Scope } from '../config.ts';

export interface Principal {
  /** A short, non-secret fingerprint of the key (first bytes of its SHA-256), safe for logs and audit. */
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The caller's own x-request-id, when it sent a well-formed one (recorded beside requestId). */
    clientRequestId?: string;
    principal: Principal;
  };
}
