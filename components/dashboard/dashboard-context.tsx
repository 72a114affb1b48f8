"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useState, type ReactNode } from "react";
import type { DashboardFilters } from "@/server/dashboard/filters";
import type { FilterOptions } from "@/server/dashboard/options";
import type { Breakdown } from "@/server/kpi/request";
import type { MetricResult } from "@/server/kpi/results";
import { ExplainPanel } from "./explain-panel";

/** A number the user opened: its metric result, the heading it had, and the breakdown group it belongs to. */
export type ExplainTarget = {
  result: MetricResult;
  title: string;
  group?: { breakdown: Breakdown; key: string; label: string };
  /** Breakdown rows shown in the panel are split by this (a head's tiles: per rep). */
  breakdown?: Breakdown;
};

type Dashboard = {
  orgSlug: string;
  currency: string;
  timeZone: string;
  filters: DashboardFilters;
  options: FilterOptions;
  /** The org's custom metrics' names by key: their labels (catalog metrics are named by the messages). */
  customMetricNames: Record<string, string>;
  explain: (target: ExplainTarget) => void;
};

const DashboardContext = createContext<Dashboard | null>(null);

/** A metric's label: a custom metric's own name, else the catalog's label in the user's language. */
export function useMetricLabel(): (id: string) => string {
  const t = useTranslations();
  const { customMetricNames } = useDashboard();
  return (id) => customMetricNames[id] ?? t(`kpi.metrics.${id}.label`);
}

export function useDashboard(): Dashboard {
  const context = useContext(DashboardContext);
  if (!context) throw new Error("useDashboard outside DashboardProvider");
  return context;
}

/** What every widget needs to know (org currency, names, filters) and the one explain panel numbers open. */
export function DashboardProvider({ children, ...value }: Omit<Dashboard, "explain"> & { children: ReactNode }) {
  const [target, setTarget] = useState<ExplainTarget | null>(null);
  const dashboard = { ...value, explain: setTarget };
  return (
    <DashboardContext.Provider value={dashboard}>
      {children}
      {target && <ExplainPanel key={`${target.result.id}:${target.group?.key ?? ""}`} target={target} onClose={() => setTarget(null)} />}
    </DashboardContext.Provider>
  );
}
