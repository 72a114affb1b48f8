import ExcelJS from "exceljs";
import { importKinds, type ImportKind } from "./import-fields";

export type TemplateFormat = "csv" | "xlsx";

/** One example row per kind, by field key; the template's header is every field of the kind. */
const examples: Record<ImportKind, Record<string, string | number>> = {
  deals: {
    external_id: "D-1001", title: "Windows for the Smith house", pipeline: "Sales", stage: "Proposal sent", stage_step: "proposal", owner: "Olena Koval",
    owner_email: "olena@example.com", channel: "Website", customer: "Smith family", amount: 1234.5, currency: "EUR", cost: 800,
    created_at: "2026-03-02 09:30", expected_close_date: "2026-04-15", crm_url: "https://crm.example.com/deals/1001",
  },
  "stage-events": { external_id: "E-1", deal_external_id: "D-1001", from_stage: "New", to_stage: "Proposal sent", at: "2026-03-05 14:00" },
  activities: {
    external_id: "A-1", type: "call", direction: "outbound", deal_external_id: "D-1001", rep: "Olena Koval", rep_email: "olena@example.com",
    subject: "First call", created_at: "2026-03-02 10:00", completed_at: "2026-03-02 10:15", duration_seconds: 900,
  },
  spend: { channel: "Google Ads", day: "2026-03-02", spend: 150, sessions: 420 },
  quotas: { metric: "revenue_won", scope: "rep", rep_external_id: "Olena Koval", period_kind: "month", period_start: "2026-03-01", target: 50000 },
  "custom-metric-values": { metric: "custom.site_visits", rep_external_id: "Olena Koval", period_start: "2026-03-01", value: 14 },
};

const csvField = (value: string | number | undefined) => {
  const text = value === undefined ? "" : String(value);
  return /[",;\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A template file for the kind: the header row (field keys) and one example row. */
export async function buildTemplate(kind: ImportKind, format: TemplateFormat): Promise<Uint8Array> {
  const header = importKinds[kind].fields.map((field) => field.key);
  const example = header.map((key) => examples[kind][key]);
  if (format === "csv") return new TextEncoder().encode(`\uFEFF${header.join(",")}\r\n${example.map(csvField).join(",")}\r\n`);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(header).font = { bold: true };
  sheet.addRow(example.map((value) => value ?? null));
  sheet.columns.forEach((column) => (column.width = 20));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
