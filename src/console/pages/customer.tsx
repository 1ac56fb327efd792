/**
 * A customer: profile, KYC, monitoring level and screening state with clearings, rolling aggregates, lifetime
 * volume and open cases, all from the domain services the API uses. The applicant's personal data is shown
 * only on request, through the KYC view that audits the access.
 */
import type { Hono } from 'hono';
import { lifetimeVolumeUsd } from '../../customers/lifetime-volume.ts';
import type { AppDeps } from '../../deps.ts';
import { NotFoundError } from '../../errors.ts';
import type { CaseView } from '../../cases/types.ts';
import { CaseTable } from '../components/case-table.tsx';
import { Facts, when } from '../components/facts.tsx';
import { Alignment, EntityHeader } from '../components/match.tsx';
import { kycActor, type ConsoleEnv, type Officer } from '../env.ts';
import { Layout, Message } from '../layout.tsx';
import { flash, render } from '../render.tsx';

type Deps = AppDeps;

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

const USER_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function customerPages(app: Hono<ConsoleEnv>, deps: Deps) {
  app.get('/customers', (c) => {
    const userId = c.req.query('userId')?.trim();
    if (userId) return c.redirect(`/console/customers/${encodeURIComponent(userId)}`, 303);
    return render(
      c,
      <Layout title="Customers" officer={c.get('officer')} nav="customers">
        <form method="get" action="/console/customers" class="filters">
          <label>
            Customer id
            <input type="text" name="userId" required maxlength={128} />
          </label>
          <button type="submit">Open</button>
        </form>
      </Layout>,
    );
  });

  app.get('/customers/:userId', async (c) => {
    const userId = c.req.param('userId');
    const officer = c.get('officer');
    if (!USER_ID.test(userId))
      return render(
        c,
        <Layout title="Customer" officer={officer} nav="customers">
          <Message text="Not a customer id." error />
        </Layout>,
        404,
      );
    const [risk, kyc, screening, lifetime, cases] = await Promise.all([
      deps.transactions.userRisk(userId),
      orNull(deps.kyc.userKyc(userId)),
      deps.monitoring.view(userId),
      lifetimeVolumeUsd(deps.db, userId),
      deps.cases.list({ userId, limit: 50, order: 'newest' }),
    ]);
    const showPersonal = c.req.query('personal') === '1' && kyc?.latestVerification;
    const verification = showPersonal
      ? await deps.kyc.view(kyc.latestVerification!.verificationId, { actor: kycActor(officer), personalData: true })
      : null;
    return render(
      c,
      <CustomerPage
        officer={officer}
        userId={userId}
        risk={risk}
        kyc={kyc}
        screening={screening}
        lifetime={lifetime}
        verification={verification}
        cases={cases.cases.filter((k) => k.status !== 'decided')}
        now={deps.clock()}
        flash={flash(c)}
      />,
    );
  });
}

type Risk = Awaited<ReturnType<Deps['transactions']['userRisk']>>;
type Kyc = Awaited<ReturnType<Deps['kyc']['userKyc']>>;
type Screening = Awaited<ReturnType<Deps['monitoring']['view']>>;
type Verification = Awaited<ReturnType<Deps['kyc']['view']>>;

const CustomerPage = (p: {
  officer: Officer;
  userId: string;
  risk: Risk;
  kyc: Kyc | null;
  screening: Screening;
  lifetime: string;
  verification: Verification | null;
  cases: CaseView[];
  now: Date;
  flash: { text?: string; error: boolean };
}) => {
  const a = p.risk.aggregates;
  const applicant = p.verification && 'applicant' in p.verification ? p.verification.applicant : undefined;
  return (
    <Layout title={`Customer ${p.userId}`} officer={p.officer} nav="customers">
      <Message text={p.flash.text} error={p.flash.error} />
      <div class="grid2">
        <section class="card" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <Facts
            rows={[
              ['KYC status', p.risk.profile?.kycStatus ?? 'no profile (screened as unverified)'],
              ['Risk level', p.risk.profile?.riskLevel],
              ['Country', p.risk.profile?.country],
              ['Account opened', when(p.risk.profile?.createdAt)],
              ['Profile origin', p.risk.profile?.origin],
              ['Monitoring level', p.screening.level ?? 'standard'],
              ['Lifetime volume', `${p.lifetime} USD`],
            ]}
          />
        </section>
        <section class="card" aria-labelledby="aggregates">
          <h2 id="aggregates">Aggregates (last 24 hours)</h2>
          <Facts
            rows={[
              ['Volume', `${a.volume24hUsd} USD`],
              ['Inbound', `${a.inbound24hUsd} USD`],
              ['Outbound', `${a.outbound24hUsd} USD`],
              ['Transactions', String(a.count24h)],
              ['Distinct senders', String(a.distinctSenders)],
              ['Distinct recipients', String(a.distinctRecipients)],
              ['Last active', when(a.lastActiveAt)],
              ['First seen', when(a.firstSeenAt)],
              ['Open transaction alerts', String(p.risk.openAlerts)],
            ]}
          />
        </section>
      </div>

      <section aria-labelledby="kyc">
        <h2 id="kyc">KYC</h2>
        {p.kyc?.latestVerification ? (
          <>
            <Facts
              rows={[
                ['Latest verification', p.kyc.latestVerification.verificationId],
                ['Provider', p.kyc.latestVerification.provider],
                ['Status', p.kyc.latestVerification.status],
                ['Started', when(p.kyc.latestVerification.createdAt)],
                ['Updated', when(p.kyc.latestVerification.updatedAt)],
                ['Re-verification', p.kyc.reverification ? JSON.stringify(p.kyc.reverification) : 'none due'],
              ]}
            />
            <h3 id="kyc-history">KYC history</h3>
            <table aria-labelledby="kyc-history">
              <thead>
                <tr>
                  <th scope="col">Verification</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {p.kyc.verifications.map((v) => (
                  <tr>
                    <td>{v.verificationId}</td>
                    <td>{v.provider}</td>
                    <td>{v.status}</td>
                    <td>{when(v.createdAt)}</td>
                    <td>{when(v.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.verification ? (
              <>
                <h3>Verification record (this view was audited)</h3>
                <Facts
                  rows={[
                    ['Applicant', applicant ? `${applicant.firstName} ${applicant.lastName}` : '—'],
                    ['Date of birth', applicant?.dateOfBirth],
                    ['Risk', `${p.verification.riskLevel} (${p.verification.riskReasons.join(', ') || 'no reasons'})`],
                    ['Decision reasons', p.verification.decisionReasons.join(', ')],
                    ['Sanctions hits', String(p.verification.sanctions.hits.length)],
                  ]}
                />
                <h3>Audit trail</h3>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Action</th>
                      <th scope="col">Actor</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.verification.audit.map((e) => (
                      <tr>
                        <td>{when(e.at)}</td>
                        <td>{e.action}</td>
                        <td>{`${e.actorType}:${e.actorId}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <p>
                <a href={`/console/customers/${encodeURIComponent(p.userId)}?personal=1`}>
                  Show the applicant’s personal data (the access is audited)
                </a>
              </p>
            )}
          </>
        ) : (
          <p>No KYC verification on record.</p>
        )}
      </section>

      <section aria-labelledby="screening">
        <h2 id="screening">Screening</h2>
        <Facts
          rows={[
            ['Monitored', p.screening.monitored ? 'yes' : `no — ${p.screening.reason ?? ''}`],
            ['Last screened', when(p.screening.lastScreenedAt)],
            ['Next due', when(p.screening.nextDueAt)],
            [
              'List versions',
              p.screening.listVersions
                ? Object.entries(p.screening.listVersions)
                    .map(([s, v]) => `${s} ${v}`)
                    .join(', ')
                : '—',
            ],
          ]}
        />
        <h3>Open hits ({p.screening.openHits.length})</h3>
        {p.screening.openHits.map((h) => (
          <div class="card">
            <EntityHeader
              source={h.entity.source}
              sourceId={h.entity.sourceId}
              name={h.entity.name}
              programs={h.entity.programs}
              listVersion={h.listVersion ?? undefined}
              score={h.score}
            />
            {isExplanation(h.explanation) ? <Alignment explanation={h.explanation} queryLabel="Customer" /> : null}
          </div>
        ))}
        <h3>Clearings ({p.screening.clearings.length})</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col">Reason</th>
              <th scope="col">Cleared</th>
              <th scope="col">Revoked</th>
            </tr>
          </thead>
          <tbody>
            {p.screening.clearings.map((cl) => (
              <tr>
                <td>{`${cl.source} ${cl.sourceId}`}</td>
                <td>{cl.reason}</td>
                <td>{`${when(cl.clearedAt)} by ${cl.clearedBy}`}</td>
                <td>{cl.revokedAt ? `${when(cl.revokedAt)} by ${cl.revokedBy}` : 'active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="cases">
        <h2 id="cases">Open cases</h2>
        <CaseTable cases={p.cases} now={p.now} />
      </section>
    </Layout>
  );
};

// biome-ignore lint/suspicious/noExplicitAny: the stored explanation is unknown JSON until checked
export const isExplanation = (e: any): e is import('../../sanctions/explain.ts').MatchExplanation =>
  e !== null && typeof e === 'object' && Array.isArray(e.pairs) && Array.isArray(e.query?.tokens);
