/** Every rule, in the order their hits are listed when scores tie. Adding a rule = one file + one line here. */
import type { Rule } from '../types.ts';
import { burst } from './burst.ts';
import { dailyCount } from './daily-count.ts';
import { dailyVolumeLimit } from './daily-volume-limit.ts';
import { dailyVolumeMonitoring } from './daily-volume-monitoring.ts';
import { dormantReactivation } from './dormant-reactivation.ts';
import { fanIn, fanOut } from './fan.ts';
import { highRiskJurisdiction } from './high-risk-jurisdiction.ts';
import { kycStatus } from './kyc-status.ts';
import { newAccountHighValue } from './new-account-high-value.ts';
import { obfuscatedName } from './obfuscated-name.ts';
import { rapidMovement } from './rapid-movement.ts';
import { sanctionedJurisdiction } from './sanctioned-jurisdiction.ts';
import { sanctionsCustomer } from './sanctions-customer.ts';
import { sanctionsName } from './sanctions-name.ts';
import { sanctionsWallet } from './sanctions-wallet.ts';
import { singleTransactionLimit } from './single-transaction-limit.ts';
import { structuring } from './structuring.ts';
import { tooManyNames } from './too-many-names.ts';
import { travelRule } from './travel-rule.ts';

export const RULES: readonly Rule[] = [
  sanctionsWallet,
  sanctionsName,
  sanctionsCustomer,
  sanctionedJurisdiction,
  highRiskJurisdiction,
  kycStatus,
  singleTransactionLimit,
  dailyVolumeLimit,
  dailyVolumeMonitoring,
  dailyCount,
  burst,
  structuring,
  rapidMovement,
  fanIn,
  fanOut,
  newAccountHighValue,
  dormantReactivation,
  travelRule,
  tooManyNames,
  obfuscatedName,
];
