/** GET /v1/transactions/:id: the stored answer plus what its case made of a held transaction. */
import { z } from '@hono/zod-openapi';
import { FINAL_OUTCOMES } from '../../db/schema/transactions.ts';
import { ScreeningResponse } from './transactions.ts';

export const TransactionView = ScreeningResponse.extend({
  finalOutcome: z.enum(FINAL_OUTCOMES).nullable().openapi({
    description:
      'A held transaction (decision review) once its case is decided: released (executed) or rejected; null while held and for other decisions',
  }),
  decidedBy: z.string().nullable().openapi({ description: '`api-key:<id>` of the key that decided the case' }),
  decidedAt: z.string().nullable(),
  countedInAggregates: z.boolean().openapi({
    description:
      "Whether the transaction counts in the customer's rolling aggregates and lifetime volume: false when blocked or rejected",
  }),
}).openapi('TransactionView');
