import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assertBillingAllowsWrites } from "@/server/billing/read-only";
import { DomainError } from "@/server/errors";
import { translateKey } from "@/server/i18n";
import { resolveOrgAccess } from "@/server/tenancy/access";
import { can, type Permission } from "@/server/tenancy/permissions";

export type Context = { db: Db; userId: string | null; locale: string };

/** `scope` says how a procedure is guarded; the cross-tenant test reads it. */
export type Meta = { scope: "public" | "user" | "org" };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          // Field errors are message keys (zod messages or DomainError.fieldErrors); the form translates them.
          fieldErrors: cause instanceof DomainError ? (cause.fieldErrors ?? null) : issuesToFieldErrors(cause),
          // A plan limit or a read-only subscription: the billing page, for an upgrade link beside the message.
          billingUrl: cause instanceof DomainError && typeof cause.params?.billingUrl === "string" ? cause.params.billingUrl : null,
        },
      };
    },
  });

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

/** Input validation issues (zod, via Standard Schema) as field → message key; the first issue per field wins. */
function issuesToFieldErrors(cause: unknown): Record<string, string> | null {
  const issues = (cause as { issues?: Issue[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
    fields[field] ??= issue.message;
  }
  return fields;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const codeByKind = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  unauthorized: "UNAUTHORIZED",
  invalid: "BAD_REQUEST",
  conflict: "CONFLICT",
  limit_reached: "FORBIDDEN",
} as const;

/** The one translation of domain errors into tRPC codes and messages in the caller's language. */
const domainErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({
      code: codeByKind[cause.kind],
      message: await translateKey(ctx.locale, cause.messageKey, cause.params),
      cause,
    });
  }
  return result;
});

export const publicProcedure = t.procedure.meta({ scope: "public" }).use(domainErrors);

export const authedProcedure = publicProcedure.meta({ scope: "user" }).use(async ({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: await translateKey(ctx.locale, "errors.unauthorized") });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

export const ZOrgInput = z.object({ orgSlug: z.string().min(1).max(64) });

const billingExempt = new Set<Permission>(["org.view", "billing.manage"]);

/**
 * The tenancy choke point: resolves the org named in the input (the URL's slug), the caller's membership
 * and role, and checks `permission`. Handlers get `ctx.org` and `ctx.role`; they never take an org id from input.
 */
export function orgProcedure(permission: Permission) {
  return authedProcedure
    .meta({ scope: "org" })
    .input(ZOrgInput)
    .use(async ({ ctx, input, next, type }) => {
      const access = await resolveOrgAccess(ctx.db, ctx.userId, input.orgSlug);
      if (!access) throw new TRPCError({ code: "NOT_FOUND", message: await translateKey(ctx.locale, "errors.notFound") });
      if (!can(access.role, permission, access.org)) {
        const key = access.org.isDemo ? "errors.demoReadOnly" : "errors.forbidden";
        throw new TRPCError({ code: "FORBIDDEN", message: await translateKey(ctx.locale, key) });
      }
      // An org whose trial ended or whose subscription lapsed is read-only: no mutation but paying (and what every
      // member may do for themselves) passes. Queries, and so viewing and exporting, stay open.
      if (type === "mutation" && !billingExempt.has(permission)) await assertBillingAllowsWrites(ctx.db, access.org);
      return next({ ctx: { ...ctx, org: access.org, role: access.role, via: access.via } });
    });
}
