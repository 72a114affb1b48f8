import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>["sources"];
export type SourcesList = Outputs["list"];
export type SourceRow = SourcesList["sources"][number];
export type SourceRunRow = Outputs["runs"][number];

export const activeStatuses: readonly string[] = ["queued", "running"];
