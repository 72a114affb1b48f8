"use client";

import { Card, Text } from "@tremor/react";
import { useTranslations } from "next-intl";
import { CardTitle } from "@/components/ui/card-title";

/** A widget the product cannot draw yet: its metric is not computed, or split by something the engine lacks. */
export function UnavailableCard({ title, reason }: { title: string; reason: "planned" | "breakdown" }) {
  const t = useTranslations("dashboard.unavailable");
  return (
    <Card role="group" aria-label={title} className="flex flex-col gap-2 border-dashed bg-gray-50 shadow-none">
      <CardTitle>{title}</CardTitle>
      <Text className="font-medium text-gray-600">{t("title")}</Text>
      <Text>{t(reason)}</Text>
    </Card>
  );
}
