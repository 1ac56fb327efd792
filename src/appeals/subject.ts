/** The appeal's facts in GET /v1/cases/:id (the cases service records that personal data was viewed). */
import type { SubjectReader } from '../cases/service.ts';
import type { KycContext } from '../kyc/context.ts';
import { findAppeal } from './store.ts';
import { appealDetail } from './views.ts';

export function appealSubjectReader(kyc: Pick<KycContext, 'db' | 'cipher'>): SubjectReader {
  return async (record) => {
    const appeal = await findAppeal(kyc.db, record.subjectId);
    return appeal ? appealDetail(appeal, kyc.cipher) : null;
  };
}
