"use client";

import { BarChart, type Color } from "@tremor/react";
import { useFormatter } from "next-intl";

type Props = {
  /** Rows of plain data: the `index` key holds the (already formatted) label, each category a number or null. */
  data: Record<string, string | number | null>[];
  index: string;
  categories: string[];
  colors: Color[];
  currency: string;
  className?: string;
};

/** Tremor's bar chart with money axis and tooltip in the org currency and the user's locale. */
export function MoneyBarChart({ data, index, categories, colors, currency, className }: Props) {
  const format = useFormatter();
  return (
    <BarChart
      data={data}
      index={index}
      categories={categories}
      colors={colors}
      valueFormatter={(value) => format.number(value, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 })}
      // Compact money labels run to ~12 characters in Russian and Ukrainian ("1,2 млн USD").
      yAxisWidth={96}
      className={className}
    />
  );
}
