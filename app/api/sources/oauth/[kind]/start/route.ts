import { getServerCaller } from "@/server/trpc/server";
import { backToWizard, isCrmKind } from "../oauth-redirects";

/** GET /api/sources/oauth/{kind}/start?org=<slug>: sends a person who may manage the org's data to the CRM's consent page. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  const url = new URL(request.url);
  const orgSlug = url.searchParams.get("org") ?? "";
  if (!isCrmKind(kind)) return new Response(null, { status: 404 });
  try {
    const caller = await getServerCaller();
    const { url: consent } = await caller.sourceConnect.oauthStart({ orgSlug, kind, accountHint: url.searchParams.get("account") ?? undefined });
    return Response.redirect(consent, 303);
  } catch (error) {
    return backToWizard(request, orgSlug, kind, error);
  }
}
