import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { getServerCaller } from "@/server/trpc/server";

type Caller = Awaited<ReturnType<typeof getServerCaller>>;

/**
 * Runs server-side tRPC calls for a page inside an organization and turns refusals into pages:
 * signed out → sign-in (coming back to `returnTo`), no access → 404 (never revealing that the org exists).
 */
export async function orgQuery<T>(returnTo: string, run: (caller: Caller) => Promise<T>): Promise<T> {
  try {
    return await run(await getServerCaller());
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
}
