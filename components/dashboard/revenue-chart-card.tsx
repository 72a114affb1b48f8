"use client";

import { Card, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { MoneyBarChart } from "@/components/charts/money-bar-chart";
import { zonedTimeToInstant } from "@/lib/zoned-time";
import type { MonthRevenue } from "@/server/dashboard/revenue-by-month";
import { CardTitle } from "@/components/ui/card-title";

export function RevenueChartCard({ months, currency, timeZone }: { months: MonthRevenue[]; currency: string; timeZone: string }) {
  const t = useTranslations("dashboard.revenue");
  const format = useFormatter();
  const [won, plan] = [t("won"), t("plan")];
  const data = months.map((m) => ({
    month: format.dateTime(zonedTimeToInstant({ date: m.month }, timeZone), { month: "short", year: "numeric", timeZone }),
    [won]: m.revenue,
    [plan]: m.target,
  }));

  return (
    <Card>
      <CardTitle>{t("title")}</CardTitle>
      <Text>{t("subtitle")}</Text>
      <MoneyBarChart data={data} index="month" categories={[won, plan]} colors={["blue", "gray"]} currency={currency} className="mt-4 h-72" />
    </Card>
  );
}
