/** Typed domain errors. The HTTP layer maps them to RFC 9457 problems in one place (src/http/problem.ts). */

export class DomainError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
/**
 * Well-formed input refused on its merits (a document photo the check turned down): a 422 whose problem
 * type is `slug`, with `details` as extension members.
 */
export class RefusedError extends DomainError {
  constructor(
    readonly slug: string,
    readonly title: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }
}
export class UnauthorizedError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class ServiceUnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }
}
export class ProviderUnavailableError extends ServiceUnavailableError {}
