"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { MetricBenchmark } from "@/server/agency/benchmark";

/** "median X (Q1 a – Q3 b) across N clients" for one metric on a client's tile, for the agency's eyes only. */
export function BenchmarkNote({ benchmark }: { benchmark: MetricBenchmark }) {
  const t = useTranslations("agency.benchmark");
  const format = useFormatter();
  const { quartiles } = benchmark;
  if (!quartiles) return <p className="text-xs text-gray-400">{t("none")}</p>;
  const value = (x: number) => {
    switch (benchmark.unit) {
      case "money":
        return format.number(x, { style: "currency", currency: benchmark.currency, maximumFractionDigits: 0 });
      case "percent":
        return format.number(x, { style: "percent", maximumFractionDigits: 1 });
      case "count":
        return format.number(x, { maximumFractionDigits: 1 });
      default:
        return format.number(x, { maximumFractionDigits: 2 });
    }
  };
  return (
    <p className="text-xs text-gray-500">
      {t("note", { median: value(quartiles.median), q1: value(quartiles.q1), q3: value(quartiles.q3), n: quartiles.n })}
    </p>
  );
}
