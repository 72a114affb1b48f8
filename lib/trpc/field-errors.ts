import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/root";

/** Field name → message key from a failed mutation (zod or domain validation), for errors next to the fields. */
export function fieldErrorsOf(error: TRPCClientErrorLike<AppRouter> | null | undefined): Record<string, string> {
  const data = error?.data as { fieldErrors?: Record<string, string> | null } | undefined;
  return data?.fieldErrors ?? {};
}
