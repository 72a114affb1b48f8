import type { createFormatter } from "next-intl";
import { zonedTimeToInstant } from "@/lib/zoned-time";
import type { FilterOptions } from "@/server/dashboard/options";
import type { Breakdown } from "@/server/kpi/request";

type Formatter = ReturnType<typeof createFormatter>;

const listOf = { rep: "reps", team: "teams", pipeline: "pipelines", channel: "channels" } as const;

/** A breakdown row's label: the rep, team, pipeline or channel name ("none" for ""), or its time bucket's first day. */
export function breakdownLabel(
  format: Formatter,
  breakdown: Breakdown,
  key: string,
  context: { options: FilterOptions; timeZone: string; none: string },
): string {
  if (breakdown in listOf) {
    if (key === "") return context.none;
    return context.options[listOf[breakdown as keyof typeof listOf]].find((o) => String(o.id) === key)?.name ?? key;
  }
  const day = zonedTimeToInstant({ date: key }, context.timeZone);
  const { timeZone } = context;
  if (breakdown === "month") return format.dateTime(day, { month: "short", year: "numeric", timeZone });
  if (breakdown === "quarter") return format.dateTime(day, { month: "short", year: "numeric", timeZone });
  return format.dateTime(day, { day: "numeric", month: "short", timeZone });
}
