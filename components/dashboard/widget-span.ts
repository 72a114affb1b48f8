import type { WidgetType } from "@/server/dashboard/widgets";

/** How wide a widget sits in the dashboard's six-column grid: tiles a third, charts and stage tables half, tables the whole row. */
export function widgetSpan(type: WidgetType): string {
  if (type === "tile") return "lg:col-span-2";
  if (type === "plan_fact" || type === "table" || type === "abc" || type === "stale_deals") return "col-span-full";
  return "sm:col-span-2 lg:col-span-3";
}
