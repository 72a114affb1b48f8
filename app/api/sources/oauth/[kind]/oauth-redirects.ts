import { TRPCError } from "@trpc/server";
import { DomainError } from "@/server/errors";
import { crmKinds, type CrmKind } from "@/server/sources/connector";

export const isCrmKind = (kind: string): kind is CrmKind => (crmKinds as readonly string[]).includes(kind);

/** Back to the wizard's first step with the reason (a message key the page translates). */
export function backToWizard(request: Request, orgSlug: string, kind: CrmKind, error: unknown): Response {
  if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
    const returnTo = `/o/${orgSlug}/settings/sources/connect/${kind}`;
    return Response.redirect(new URL(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`, request.url), 303);
  }
  const cause = error instanceof TRPCError ? error.cause : error;
  const key = cause instanceof DomainError && cause.messageKey.startsWith("sources.connect.errors.") ? cause.messageKey : "sources.connect.errors.oauthExchange";
  return Response.redirect(new URL(`/o/${orgSlug}/settings/sources/connect/${kind}?error=${encodeURIComponent(key)}`, request.url), 303);
}
