import type { StageRef } from "@/server/ingest/schemas/common";

/**
 * Pipedrive keeps won/lost as a deal STATUS beside the stage (a won deal still sits in, say, "Negotiations started").
 * The canonical funnel only knows stages, so each pipeline gets two synthetic stages, "Won" and "Lost", offered in
 * the mapping with outcome won/lost: a won or lost deal is placed in them, and its history gets a move into them at
 * won_time/lost_time (and back out when the deal is reopened). The real stage the deal was won from stays in the
 * history as the stage it left, so stage-to-stage conversions still see where it came from.
 */
export const outcomeStage = (pipelineId: number | string, outcome: "won" | "lost"): StageRef => ({
  externalId: `${pipelineId}:${outcome}`,
  name: outcome === "won" ? "Won" : "Lost",
  step: outcome,
});
