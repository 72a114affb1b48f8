/** Shapes of the Salesforce REST responses the connector reads, and how their values are read. */

export const API_PATH = "/services/data/v60.0";

export type SfQueryResult<T> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] };

export type SfOpportunity = {
  Id: string;
  Name?: string | null;
  Amount?: number | null;
  CurrencyIsoCode?: string | null;
  StageName?: string | null;
  CloseDate?: string | null;
  CreatedDate?: string | null;
  OwnerId?: string | null;
  AccountId?: string | null;
  Account?: { Name?: string | null } | null;
  LeadSource?: string | null;
  IsWon?: boolean;
  IsClosed?: boolean;
  SystemModstamp?: string;
};

export type SfOpportunityHistory = { Id: string; OpportunityId: string; StageName?: string | null; CreatedDate: string };

export type SfStage = { ApiName: string; MasterLabel: string; SortOrder?: number | null; DefaultProbability?: number | null; IsWon: boolean; IsClosed: boolean; IsActive: boolean };

export type SfUser = { Id: string; Name?: string | null; Email?: string | null };

export type SfOrganization = { Id: string; Name: string; DefaultCurrencyIsoCode?: string | null };

export type SfTask = {
  Id: string;
  Subject?: string | null;
  TaskSubtype?: string | null;
  CallDurationInSeconds?: number | null;
  CallType?: string | null;
  Status?: string | null;
  IsClosed?: boolean;
  ActivityDate?: string | null;
  CompletedDateTime?: string | null;
  CreatedDate?: string | null;
  OwnerId?: string | null;
  WhatId?: string | null;
};

export type SfEvent = {
  Id: string;
  Subject?: string | null;
  StartDateTime?: string | null;
  EndDateTime?: string | null;
  DurationInMinutes?: number | null;
  OwnerId?: string | null;
  WhatId?: string | null;
  CreatedDate?: string | null;
};

export type SfDeleted = { deletedRecords: { id: string; deletedDate: string }[]; earliestDateAvailable?: string; latestDateCovered?: string };

/** Opportunity ids start with this key prefix; a task's WhatId may name an account, a case… as well. */
export const OPPORTUNITY_PREFIX = "006";

/**
 * A Salesforce datetime ("2024-01-01T10:00:00.000+0000", an offset without a colon) as an ISO instant in UTC; an
 * unreadable one is returned as is, for validation to report.
 */
export function sfInstant(value: string | null | undefined): string | undefined {
  if (value == null || value === "") return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** A SOQL datetime literal (whole seconds, UTC). */
export function soqlDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A datetime parameter of the REST API (Get Deleted's start and end), in the form its docs use. */
export function restDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** A SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
