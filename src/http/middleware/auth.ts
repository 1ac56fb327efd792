import { hash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiKey, Scope } from '../../config.ts';
import { ForbiddenError, UnauthorizedError } from '../../errors.ts';
import type { AppEnv } from '../types.ts';

const digest = (s: string) => hash('sha256', s, 'buffer');

export interface KeyPrincipal {
  /** The key's fingerprint: the first 8 hex digits of its SHA-256, never the key. */
  id: string;
  scopes: ReadonlySet<Scope>;
}

/**
 * The configured key a presented secret is, if any. Keys are compared as SHA-256 digests with timingSafeEqual
 * so neither the content nor the length of a configured key leaks through response timing. The bearer check
 * below and the console's sign-in both use it.
 */
export function createKeyLookup(keys: readonly ApiKey[]): (presented: string) => KeyPrincipal | undefined {
  const digests = keys.map((k) => ({
    digest: digest(k.key),
    scopes: k.scopes,
    id: digest(k.key).toString('hex').slice(0, 8),
  }));
  return (presentedKey) => {
    const presented = digest(presentedKey);
    let found: (typeof digests)[number] | undefined;
    for (const d of digests) {
      // Check every key (no early exit) to keep timing independent of which key matched.
      if (timingSafeEqual(d.digest, presented)) found = d;
    }
    return found && { id: found.id, scopes: found.scopes };
  };
}

/** Bearer API keys with scopes. */
export function createAuthenticator(keys: readonly ApiKey[]) {
  const lookup = createKeyLookup(keys);
  const open = keys.length === 0;

  return function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      if (open) {
        c.set('principal', { keyId: 'open', scopes: new Set<Scope>(['screen', 'kyc', 'admin', 'senior']) });
        return next();
      }
      const header = c.req.header('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new UnauthorizedError('Send an API key as "Authorization: Bearer <key>".');
      const found = lookup(match[1]!);
      if (!found) throw new UnauthorizedError('The API key is not valid.');
      if (!found.scopes.has(scope))
        throw new ForbiddenError(`This API key lacks the "${scope}" scope.`, { requiredScope: scope });
      c.set('principal', { keyId: found.id, scopes: found.scopes });
      return next();
    };
  };
}

export type RequireScope = ReturnType<typeof createAuthenticator>;
