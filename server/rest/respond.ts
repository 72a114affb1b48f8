import { defaultLocale, localeFromAcceptLanguage, type Locale } from "@/lib/i18n/locales";
import { DomainError, type DomainErrorKind } from "@/server/errors";
import { translateKey } from "@/server/i18n";

const statusByKind: Record<DomainErrorKind, number> = {
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  invalid: 400,
  conflict: 409,
  limit_reached: 403,
};

/** The language of a REST caller: its Accept-Language header, else English. */
export function requestLocale(request: Request): Locale {
  return localeFromAcceptLanguage(request.headers.get("accept-language")) ?? defaultLocale;
}

/**
 * The one translation of errors into REST responses: a DomainError becomes its status and
 * `{ error: { code, message, fields? } }` in the caller's language; anything else is a 500 that reveals nothing.
 */
export async function errorResponse(error: unknown, locale: Locale): Promise<Response> {
  if (!(error instanceof DomainError)) {
    console.error(error);
    return Response.json({ error: { code: "internal", message: await translateKey(locale, "errors.internal") } }, { status: 500 });
  }
  const fields = error.fieldErrors
    ? Object.fromEntries(await Promise.all(Object.entries(error.fieldErrors).map(async ([field, key]) => [field, await translateKey(locale, key)] as const)))
    : undefined;
  return Response.json(
    { error: { code: error.kind, message: await translateKey(locale, error.messageKey, error.params), ...(fields && { fields }) } },
    { status: statusByKind[error.kind], headers: error.kind === "unauthorized" ? { "WWW-Authenticate": "Bearer" } : undefined },
  );
}

type RouteContext<P> = { params: Promise<P> };

/** A route handler that gets its params and the caller's language, and whose thrown errors become REST error responses. */
export function restHandler<P>(handle: (request: Request, context: { params: P; locale: Locale }) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const locale = requestLocale(request);
    try {
      return await handle(request, { params: await context.params, locale });
    } catch (error) {
      return errorResponse(error, locale);
    }
  };
}
