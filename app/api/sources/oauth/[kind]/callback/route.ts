import { getLocale } from "next-intl/server";
import { translateKey } from "@/server/i18n";
import { verifyOAuthCallback } from "@/server/sources/connect/connect-oauth";
import { getServerCaller } from "@/server/trpc/server";
import { backToWizard, isCrmKind } from "../oauth-redirects";

/**
 * GET /api/sources/oauth/{kind}/callback?code=&state=: the CRM sends the person back here. The signed state names
 * the org; the person must still be signed in and allowed to manage its data. Then on to the mapping step.
 */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  if (!isCrmKind(kind)) return new Response(null, { status: 404 });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let orgSlug: string;
  try {
    ({ orgSlug } = verifyOAuthCallback(kind, query.state ?? ""));
  } catch {
    const message = await translateKey(await getLocale(), "sources.connect.errors.oauthState");
    return new Response(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  try {
    const caller = await getServerCaller();
    const { sourceId } = await caller.sourceConnect.completeOAuth({ orgSlug, kind, query });
    return Response.redirect(new URL(`/o/${orgSlug}/settings/sources/connect/${kind}?source=${sourceId}`, request.url), 303);
  } catch (error) {
    return backToWizard(request, orgSlug, kind, error);
  }
}
