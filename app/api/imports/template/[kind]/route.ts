import { TRPCError } from "@trpc/server";
import { getServerCaller } from "@/server/trpc/server";

const contentTypes = { csv: "text/csv; charset=utf-8", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } as const;
const statusOf: Partial<Record<TRPCError["code"], number>> = { UNAUTHORIZED: 401, FORBIDDEN: 404, NOT_FOUND: 404, BAD_REQUEST: 400 };

/** GET /api/imports/template/{kind}?format=csv|xlsx&org=<slug>: the import template, for people who may manage the org's data. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  try {
    const caller = await getServerCaller();
    const base64 = await caller.imports.template({ orgSlug: url.searchParams.get("org") ?? "", kind: kind as "deals", format });
    return new Response(Buffer.from(base64, "base64"), {
      headers: { "content-type": contentTypes[format], "content-disposition": `attachment; filename="${kind}-template.${format}"` },
    });
  } catch (error) {
    if (error instanceof TRPCError) return Response.json({ error: error.message }, { status: statusOf[error.code] ?? 500 });
    throw error;
  }
}
