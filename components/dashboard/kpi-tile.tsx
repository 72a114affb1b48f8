"use client";

import { Badge, BadgeDelta, Card, Flex, Metric, Text, type DeltaType } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import type { Tile } from "@/server/dashboard/tiles";
import { formatKpi, formatSignedChange } from "./format-kpi";

/** Every head-of-sales tile is "up is good", so the delta colour follows the direction of the change. */
function deltaType(change: number): DeltaType {
  if (change > 0) return "increase";
  if (change < 0) return "decrease";
  return "unchanged";
}

export function KpiTile({ tile, currency }: { tile: Tile; currency: string }) {
  const t = useTranslations("dashboard.tiles");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const { absolute, percent } = tile.change;
  const signedChange = absolute === null ? null : formatSignedChange(format, tile.unit, absolute, currency);
  const notes = [
    tile.excludedNoRate ? t("excludedNoRate", { count: tile.excludedNoRate }) : null,
    tile.withoutAmount ? t("withoutAmount", { count: tile.withoutAmount }) : null,
    tile.needsData === "plan" ? t("needsPlan") : null,
  ].filter((note): note is string => note !== null);

  return (
    <Card role="group" aria-label={t(tile.id)} className="flex flex-col gap-2">
      <Text>{t(tile.id)}</Text>
      <Metric data-testid="tile-value">{formatKpi(format, tile.unit, tile.value, currency) ?? noValue}</Metric>
      <Flex justifyContent="start" className="gap-2">
        {percent === null ? (
          <Badge color="gray" size="xs">{noValue}</Badge>
        ) : (
          <BadgeDelta deltaType={deltaType(percent)} isIncreasePositive size="xs">
            {format.number(percent, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" })}
          </BadgeDelta>
        )}
        {signedChange !== null && <Text>{tile.unit === "ratio" ? t("pointsChange", { value: signedChange }) : signedChange}</Text>}
      </Flex>
      <Text>{t("previous", { value: formatKpi(format, tile.unit, tile.previous, currency) ?? noValue })}</Text>
      {notes.map((note) => (
        <Text key={note} className="text-amber-700">
          {note}
        </Text>
      ))}
    </Card>
  );
}
