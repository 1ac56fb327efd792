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
