/**
 * Onboards a business customer: checks the LEI (ISO 17442), screens the company as an organisation and
 * every person, decides which persons need a person verification (owners at or above
 * KYB_OWNERSHIP_THRESHOLD and one controller) and stores it all, personal data encrypted, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { kybBusinesses, kybPersons, kybSanctionsHits } from '../../db/schema/kyc.ts';
import { ConflictError, InvalidInputError } from '../../errors.ts';
import { isValidLei } from '../../travel-rule/lei.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { Actor, RiskLevel } from '../types.ts';
import { screenBusiness } from './screen.ts';
import { refreshBusiness, syncBusinessProfile } from './status.ts';
import type { BusinessDetails, BusinessInput, BusinessPerson, KybStatus } from './types.ts';

export const MAX_BUSINESS_PERSONS = 50;
const FULL_OWNERSHIP_BP = 10_000;

/** 25.5 → 2550, exactly (the schema allows at most two decimals). */
export const toBasisPoints = (percent: number) => Math.round(percent * 100);
export const percentText = (bp: number) => (bp / 100).toFixed(2);

function validate(b: BusinessInput): void {
  const errors: { path: string; message: string }[] = [];
  if (b.lei !== undefined && !isValidLei(b.lei))
    errors.push({ path: 'lei', message: 'not a valid LEI: 20 characters with ISO 17442 check digits (MOD 97-10)' });
  if (!b.owners.some((o) => o.role === 'controller'))
    errors.push({ path: 'owners', message: 'name at least one controller (a person who controls the business)' });
  const total = b.owners.reduce((sum, o) => sum + toBasisPoints(o.ownershipPercent), 0);
  if (total > FULL_OWNERSHIP_BP)
    errors.push({ path: 'owners', message: `ownership adds up to ${percentText(total)} %, more than 100 %` });
  if (errors.length > 0) throw new InvalidInputError('The business cannot be onboarded as sent.', errors);
}

export async function createBusiness(ctx: KycContext, b: BusinessInput, actor: Actor) {
  validate(b);
  const existing = await ctx.db
    .select({ id: kybBusinesses.id })
    .from(kybBusinesses)
    .where(eq(kybBusinesses.businessId, b.businessId))
    .get();
  if (existing) throw new ConflictError(`Business ${b.businessId} is already onboarded.`);

  const now = ctx.clock();
  const id = randomUUID();
  const screening = screenBusiness(ctx.lists(), b, ctx.matchThreshold);
  const routing = ctx.config.routing;
  const riskLevel: RiskLevel =
    screening.hits.length > 0 || routing.highRiskCountries.has(b.country)
      ? 'high'
      : routing.mediumRiskCountries.has(b.country) || !screening.screened
        ? 'medium'
        : 'low';
  const thresholdBp = toBasisPoints(ctx.config.kybOwnershipThresholdPercent);
  const firstController = b.owners.findIndex((o) => o.role === 'controller');
  const persons = b.owners.map((o, i) => ({
    id: randomUUID(),
    businessRef: id,
    role: o.role,
    ownershipBasisPoints: toBasisPoints(o.ownershipPercent),
    verificationRequired: toBasisPoints(o.ownershipPercent) >= thresholdBp || i === firstController,
    personEnc: '',
    createdAt: now,
    person: {
      firstName: o.firstName,
      lastName: o.lastName,
      dateOfBirth: o.dateOfBirth,
      nationality: o.nationality,
    } satisfies BusinessPerson,
  }));
  const details: BusinessDetails = {
    legalName: b.legalName,
    registrationNumber: b.registrationNumber,
    ...(b.incorporationDate ? { incorporationDate: b.incorporationDate } : {}),
    address: b.address,
  };
  const status: KybStatus = 'pending';
  await ctx.db.transaction(async (tx) => {
    await tx.insert(kybBusinesses).values({
      id,
      businessId: b.businessId,
      country: b.country,
      lei: b.lei ?? null,
      status,
      riskLevel,
      detailsEnc: ctx.cipher.encryptJson(details, id),
      sanctionsScreened: screening.screened,
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(kybPersons)
      .values(persons.map(({ person, ...p }) => ({ ...p, personEnc: ctx.cipher.encryptJson(person, p.id) })));
    if (screening.hits.length > 0)
      await tx.insert(kybSanctionsHits).values(
        screening.hits.map((h) => ({
          businessRef: id,
          personId: h.person === undefined ? null : persons[h.person]!.id,
          source: h.source,
          sourceId: h.sourceId,
          listedName: h.name,
          score: h.score,
          explanationEnc: h.explanation === undefined ? null : ctx.cipher.encryptJson(h.explanation, id),
          createdAt: now,
        })),
      );
    await appendAudit(tx, now, {
      verificationId: id,
      action: 'kyb_created',
      actor,
      toStatus: 'pending',
      details: {
        riskLevel,
        screened: screening.screened,
        sanctionsHits: screening.hits.length,
        persons: persons.length,
        verificationsRequired: persons.filter((p) => p.verificationRequired).length,
        leiGiven: b.lei !== undefined,
      },
    });
  });
  await syncBusinessProfile(ctx, { businessId: b.businessId, status, riskLevel, country: b.country });
  await refreshBusiness(ctx, id);
  return id;
}
