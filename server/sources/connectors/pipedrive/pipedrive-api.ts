/** The parts of Pipedrive's v1/v2 responses the connector reads (shapes from the official OpenAPI examples). */

export type PdList<T> = { success: boolean; data: T[] | null; additional_data?: { next_cursor?: string | null; pagination?: PdV1Pagination } };
export type PdV1Pagination = { start?: number; limit?: number; more_items_in_collection?: boolean; next_start?: number };

export type PdDeal = {
  id: number;
  title?: string | null;
  owner_id?: number | null;
  value?: number | null;
  currency?: string | null;
  org_id?: number | null;
  stage_id?: number | null;
  pipeline_id?: number | null;
  status?: "open" | "won" | "lost" | "deleted" | string;
  is_deleted?: boolean;
  lost_reason?: string | null;
  add_time?: string | null;
  update_time?: string | null;
  close_time?: string | null;
  won_time?: string | null;
  lost_time?: string | null;
  expected_close_date?: string | null;
  origin?: string | null;
  channel?: number | string | null;
  channel_id?: number | string | null;
};

export type PdStage = { id: number; order_nr: number; name: string; pipeline_id: number; deal_probability?: number | null; is_deleted?: boolean };
export type PdPipeline = { id: number; name: string; order_nr?: number; is_deleted?: boolean };
export type PdUser = { id: number; name: string; email?: string | null };
export type PdMe = PdUser & { company_id: number; company_name: string; company_domain?: string | null };
export type PdOrganization = { id: number; name: string };
export type PdDealField = { key: string; options?: { id: number | string; label: string }[] | null };

/** One entry of v1 GET /deals/{id}/flow; only `dealChange` entries are read. */
export type PdFlowItem = {
  object: string;
  timestamp: string;
  data: { id: number; field_key?: string; old_value?: unknown; new_value?: unknown; log_time?: string };
};

export type PdActivity = {
  id: number;
  subject?: string | null;
  type?: string | null;
  owner_id?: number | null;
  is_deleted?: boolean;
  add_time?: string | null;
  update_time?: string | null;
  deal_id?: number | null;
  due_date?: string | null;
  due_time?: string | null;
  duration?: string | null;
  done?: boolean;
  marked_as_done_time?: string | null;
};

/** v1 timestamps are "YYYY-MM-DD HH:MM:SS" in UTC; v2 ones are RFC 3339 already. Both come out as ISO 8601 with an offset. */
export function pdTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const v1 = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2})?)$/.exec(value);
  return v1 ? `${v1[1]}T${v1[2]}${v1[3] ? "" : ":00"}Z` : value;
}
