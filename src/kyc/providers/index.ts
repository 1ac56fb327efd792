/** Builds the adapters that configuration switches on, each with its own HTTP client and metrics. */
import type { Logger } from '../../logger.ts';
import type { KycConfig } from '../config.ts';
import { ProviderHttp, type FetchLike } from '../http-client.ts';
import type { KycMetrics } from '../metrics.ts';
import type { ProviderId } from '../types.ts';
import { JumioProvider, jumioErrorCode } from './jumio.ts';
import { OnfidoProvider, onfidoErrorCode } from './onfido.ts';
import { SandboxProvider } from './sandbox.ts';
import { ShuftiProvider, shuftiErrorCode } from './shufti.ts';
import { SumsubProvider, sumsubErrorCode } from './sumsub.ts';
import type { KycProvider } from './types.ts';
import { VeriffProvider, veriffErrorCode } from './veriff.ts';

export interface ProviderDeps {
  metrics: KycMetrics;
  clock: () => Date;
  /** The sidecar's own external URL: callback and sandbox URLs are built from it. */
  publicBaseUrl: string;
  logger?: Logger;
  fetch?: FetchLike;
}

export function buildProviders(config: KycConfig, deps: ProviderDeps): Map<ProviderId, KycProvider> {
  const http = (id: ProviderId, errorCode: (body: unknown) => string | undefined) =>
    new ProviderHttp(id, {
      ...config.http,
      metrics: deps.metrics,
      errorCode,
      ...(deps.logger ? { onRetry: (e) => deps.logger?.debug(e, 'retrying an identity provider call') } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const out = new Map<ProviderId, KycProvider>();
  const p = config.providers;
  if (p.jumio) out.set('jumio', new JumioProvider(p.jumio, http('jumio', jumioErrorCode), deps.clock));
  if (p.onfido) out.set('onfido', new OnfidoProvider(p.onfido, http('onfido', onfidoErrorCode)));
  if (p.shufti) out.set('shufti', new ShuftiProvider(p.shufti, http('shufti', shuftiErrorCode), deps.clock));
  if (p.sumsub) out.set('sumsub', new SumsubProvider(p.sumsub, http('sumsub', sumsubErrorCode), deps.clock));
  if (p.veriff) out.set('veriff', new VeriffProvider(p.veriff, http('veriff', veriffErrorCode), deps.clock));
  if (config.sandbox) out.set('sandbox', new SandboxProvider(deps.publicBaseUrl, deps.clock));
  return out;
}
