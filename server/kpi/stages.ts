import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { FunnelStep } from "@/db/schema";
import type { ZonedRange } from "@/lib/periods";
import type { OrgSettings } from "./org-settings";
import { changeBetween, ratioOrNull } from "./ratios";
import type { MetricQuery } from "./compute";
import type { MetricResult, StageRow } from "./results";
import { executeHashed } from "./hashed-statement";
import { dealsByStageQuery, stageConversionQuery, stageDurationQuery, type StagesQuery } from "./sql/stages";
import type { StageMeasure } from "./types";

type Periods = { current: ZonedRange; comparison?: ZonedRange };
type StageInfo = { id: number; pipeline_id: number; name: string; position: number; funnel_step: FunnelStep | null };

type DurationRow = { label: string; stage_id: number | null; left_n: number; days_mean: number | null; days_median: number | null; stuck_n: number; stuck_mean: number | null; stuck_median: number | null };
type ConversionRow = { label: string; stage_id: number; entered: number; advanced: number };
type ByStageRow = { label: string; stage_id: number | null; n: number; amount_sum: number; no_rate: number; without_amount: number };

type StageResult = Pick<MetricResult, "value" | "median" | "comparison" | "stages" | "excluded" | "flags">;

/**
 * Per-stage metrics (kpi-catalog stage_duration, conv_stage_to_stage, deals_by_stage): one query per requested
 * measure over all its periods, and the org's stages in pipeline order. They take filters; a breakdown does not
 * apply (the stages are the breakdown).
 */
export async function computeStageMetrics(
  db: Db,
  org: OrgSettings,
  periods: Periods,
  request: Pick<MetricQuery, "filters" | "medians">,
  measures: Set<StageMeasure>,
  now: Date,
): Promise<Map<StageMeasure, StageResult>> {
  const ranges = [{ label: "current", ...periods.current }, ...(periods.comparison ? [{ label: "comparison", ...periods.comparison }] : [])];
  const query: StagesQuery = { org, ranges, filters: request.filters, now, stuckMedian: (request.medians ?? "all") === "all" };
  const [stages, durations, conversions, byStage] = await Promise.all([
    db.execute<StageInfo>(sql`select s.id, s.pipeline_id, s.name, s.position, s.funnel_step from stages s
      join pipelines p on p.org_id = s.org_id and p.id = s.pipeline_id
      where s.org_id = ${org.id} order by p.position, p.id, s.position, s.id`),
    measures.has("duration") ? db.execute<DurationRow>(stageDurationQuery(query)) : [],
    measures.has("conversion") ? executeHashed<ConversionRow>(db, stageConversionQuery(query)) : [],
    measures.has("open") ? db.execute<ByStageRow>(dealsByStageQuery(query)) : [],
  ]);
  const info = (stage: StageInfo) => ({
    key: String(stage.id), stageId: Number(stage.id), pipelineId: Number(stage.pipeline_id), name: stage.name, position: stage.position, step: stage.funnel_step,
  });
  const rowsFor = <T extends { label: string; stage_id: number | null }>(rows: T[], label: string) => rows.filter((r) => r.label === label);
  const find = <T extends { stage_id: number | null }>(rows: T[], stageId: number | null) => rows.find((r) => (r.stage_id === null ? null : Number(r.stage_id)) === stageId);
  const results = new Map<StageMeasure, StageResult>();

  if (measures.has("duration")) {
    const total = (label: string) => find(rowsFor(durations, label), null);
    const current = rowsFor(durations, "current");
    const stageRows: StageRow[] = stages.map((stage) => {
      const row = find(current, Number(stage.id));
      return {
        ...info(stage),
        value: row?.days_mean ?? null,
        median: row?.days_median ?? null,
        count: row?.left_n ?? 0,
        stuck: { count: row?.stuck_n ?? 0, mean: row?.stuck_mean ?? null, median: row?.stuck_median ?? null },
      };
    });
    const value = total("current")?.days_mean ?? null;
    const compared = periods.comparison ? (total("comparison")?.days_mean ?? null) : undefined;
    results.set("duration", {
      value,
      median: total("current")?.days_median ?? null,
      ...(compared !== undefined ? { comparison: { value: compared, delta: changeBetween(value, compared) } } : {}),
      stages: stageRows,
      flags: { noValue: value === null, needsData: [] },
    });
  }

  if (measures.has("conversion")) {
    const current = rowsFor(conversions, "current");
    results.set("conversion", {
      value: null,
      stages: stages.map((stage) => {
        const row = find(current, Number(stage.id));
        const entered = row?.entered ?? 0;
        const advanced = row?.advanced ?? 0;
        return { ...info(stage), value: ratioOrNull(advanced, entered), inputs: { numerator: advanced, denominator: entered } };
      }),
      // The value is per stage: the metric as a whole has none, and that is not a zero denominator.
      flags: { noValue: false, needsData: [] },
    });
  }

  if (measures.has("open")) {
    const sum = (label: string, pick: (row: ByStageRow) => number) => rowsFor(byStage, label).reduce((total, row) => total + pick(row), 0);
    const current = rowsFor(byStage, "current");
    const value = sum("current", (r) => r.n);
    const compared = periods.comparison ? sum("comparison", (r) => r.n) : undefined;
    const stageIds = new Set(stages.map((stage) => Number(stage.id)));
    const withoutStage = current.filter((row) => row.stage_id === null || !stageIds.has(Number(row.stage_id)));
    results.set("open", {
      value,
      ...(compared !== undefined ? { comparison: { value: compared, delta: changeBetween(value, compared) } } : {}),
      excluded: { noRate: sum("current", (r) => r.no_rate), withoutAmount: sum("current", (r) => r.without_amount) },
      stages: [
        ...stages.map((stage) => {
          const row = find(current, Number(stage.id));
          return { ...info(stage), value: row?.n ?? 0, amount: row?.amount_sum ?? 0 };
        }),
        ...(withoutStage.length > 0
          ? [{ key: "", stageId: null, pipelineId: null, name: null, position: null, step: null, value: withoutStage.reduce((t, r) => t + r.n, 0), amount: withoutStage.reduce((t, r) => t + r.amount_sum, 0) }]
          : []),
      ],
      flags: { noValue: false, needsData: [] },
    });
  }
  return results;
}
