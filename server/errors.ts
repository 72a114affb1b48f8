/**
 * Errors that domain code throws. They carry a message key (errors.json or another namespace) instead of
 * text; the tRPC middleware and the REST helper translate them into the user's language and a status.
 */
export type DomainErrorKind = "not_found" | "forbidden" | "unauthorized" | "invalid" | "conflict" | "limit_reached";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** A message key such as "errors.notFound" or "auth.invitationExpired". */
    readonly messageKey: string,
    /** Field-level problems: field name → message key. */
    readonly fieldErrors?: Record<string, string>,
    readonly params?: Record<string, string | number>,
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}

export const notFound = (key = "errors.notFound") => new DomainError("not_found", key);
export const forbidden = (key = "errors.forbidden") => new DomainError("forbidden", key);
export const invalid = (fieldErrors: Record<string, string>, key = "errors.invalid") =>
  new DomainError("invalid", key, fieldErrors);
export const conflict = (key = "errors.conflict", fieldErrors?: Record<string, string>) =>
  new DomainError("conflict", key, fieldErrors);
