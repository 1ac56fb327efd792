/**
 * Rule codes → FinCEN SAR Part II categories (src/sar/categories.ts): every reason code lands in an item of the
 * current form (32–38) and in one of that item's boxes as the form words them, or in its "Other" box (z).
 */
import { describe, expect, it } from 'vitest';
import { SAR_CATEGORIES, sarCategories, sarCategoryOf } from '../../../src/sar/categories.ts';
import { REASON_CODES } from '../../../src/risk/reasons.ts';

/** The boxes of the items the rules can reach, as the current FinCEN SAR words them (box z "Other" aside). */
const BOXES: Record<number, { category: string; boxes: string[] }> = {
  32: {
    category: 'Structuring',
    boxes: [
      'Alters or cancels transaction to avoid BSA recordkeeping requirement',
      'Alters or cancels transaction to avoid CTR requirement',
      'Suspicious inquiry by customer regarding BSA reporting or recordkeeping requirements',
      'Transaction(s) below BSA recordkeeping threshold',
      'Transaction(s) below CTR threshold',
    ],
  },
  36: {
    category: 'Money laundering',
    boxes: [
      'Exchange small bills for large bills or vice versa',
      'Funnel account',
      'Suspicion concerning the physical condition of funds',
      'Suspicion concerning the source of funds',
      'Suspicious designation of beneficiaries, assignees or joint owners',
      'Suspicious EFT/wire transfers',
      'Suspicious exchange of currencies',
      'Suspicious receipt of government payments/benefits',
      'Suspicious use of multiple accounts',
      'Suspicious use of noncash monetary instruments',
      'Suspicious use of third-party transactors (straw-man)',
      'Trade Based Money Laundering/Black Market Peso Exchange',
      'Transaction out of pattern for customer(s)',
    ],
  },
  37: {
    category: 'Identification/Documentation',
    boxes: [
      'Changes spelling or arrangement of name',
      'Multiple individuals with same or similar identities',
      'Provided questionable or false documentation',
      'Provided questionable or false identification',
      'Refused or avoided request for documentation',
      'Single individual with multiple identities',
    ],
  },
  38: {
    category: 'Other suspicious activities',
    boxes: [
      'Transaction with no apparent economic, business, or lawful purpose',
      'Transaction(s) involving foreign high risk jurisdiction',
      'Two or more individuals working together',
      'Suspicious use of multiple transaction locations',
    ],
  },
};

describe('SAR categories', () => {
  it.each(REASON_CODES)('%s maps to a box of the current form', (code) => {
    const c = SAR_CATEGORIES[code];
    const item = BOXES[c.item];
    expect(item, `item ${c.item}`).toBeDefined();
    expect(c.category).toBe(item!.category);
    if (!c.type.startsWith('Other (')) expect(item!.boxes).toContain(c.type);
  });

  it('picks the structuring box from the threshold the pattern stayed under', () => {
    const at = (thresholdUsd: string) => sarCategoryOf({ code: 'aml.structuring', details: { thresholdUsd } });
    expect(at('10000')).toEqual({ item: 32, category: 'Structuring', type: 'Transaction(s) below CTR threshold' });
    expect(at('3000').type).toBe('Transaction(s) below BSA recordkeeping threshold');
    expect(at('5000').type).toBe('Other (transactions just below 5000 USD)');
    expect(sarCategoryOf('aml.structuring').type).toBe('Transaction(s) below CTR threshold');
  });

  it('puts sanctions matches and unknown codes in Other (38 z), and lists categories in form order', () => {
    expect(sarCategoryOf('sanctions.rescreen')).toMatchObject({ item: 38, type: expect.stringMatching(/^Other \(/) });
    expect(sarCategoryOf('some.new_rule')).toMatchObject({ item: 38, type: 'Other (rule some.new_rule)' });
    const list = sarCategories([
      'sanctions.wallet',
      'aml.fan_in',
      'aml.rapid_movement',
      'kyc.rejected',
      'aml.structuring',
    ]);
    expect(list.map((c) => c.item)).toEqual([32, 36, 37, 38]);
    expect(list.find((c) => c.item === 36)!.ruleCodes).toEqual(['aml.fan_in', 'aml.rapid_movement']);
  });
});
