/** What the console's middleware hands its pages: the signed-in officer, the key's scopes, the form token. */
import type { CaseActor } from '../cases/types.ts';
import type { Scope } from '../config.ts';
import type { Actor as KycActor } from '../kyc/types.ts';
import type { ConsoleSession } from './session.ts';

export interface Officer {
  session: ConsoleSession;
  scopes: ReadonlySet<Scope>;
  csrf: string;
}

export interface ConsoleEnv {
  Variables: {
    requestId: string;
    officer: Officer;
  };
}

/** The actor on a case: the key's fingerprint and the name given at sign-in (CaseActor.officer). */
export const caseActor = (o: Officer): CaseActor => ({
  keyId: o.session.keyId,
  officer: o.session.officer,
  senior: o.scopes.has('senior'),
});

/** KYC and monitoring record a non-personal id: the key's fingerprint, as the API does. */
export const kycActor = (o: Officer): KycActor => ({ type: 'compliance_officer', id: o.session.keyId });
export const monitoringActor = (o: Officer) => ({ id: o.session.keyId });
