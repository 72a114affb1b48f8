import type { PlanCell, PlanGrid } from "@/server/plans/plan-grid";
import type { PlanCellInput } from "@/server/plans/plan-input";

/** One line of the grid in display order: a rep, a team subtotal or the org total. */
export type PlanRow = {
  key: string;
  kind: "rep" | "team" | "org";
  /** The rep's or team's name; null for the org row and reps without a team. */
  name: string | null;
  cells: PlanCell[];
  /** What saving a cell of this row sends; null: the row cannot be edited (the subtotal of reps without a team). */
  target: Pick<PlanCellInput, "scope" | "repId" | "teamId"> | null;
};

/** Reps grouped by team, each team followed by its subtotal, then the org total. */
export function planRows(grid: PlanGrid): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const team of grid.teams) {
    for (const rep of team.reps) {
      rows.push({ key: `rep:${rep.repId}`, kind: "rep", name: rep.name, cells: rep.cells, target: { scope: "rep", repId: rep.repId } });
    }
    rows.push({
      key: `team:${team.teamId ?? "none"}`,
      kind: "team",
      name: team.name,
      cells: team.cells,
      target: team.teamId === null ? null : { scope: "team", teamId: team.teamId },
    });
  }
  rows.push({ key: "org", kind: "org", name: null, cells: grid.org, target: { scope: "org" } });
  return rows;
}

export const cellKey = (rowKey: string, periodStart: string) => `${rowKey}|${periodStart}`;
