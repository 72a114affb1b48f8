/** Shapes of the HubSpot CRM v3 responses the connector reads (every property value is a string or null). */

export type HsProperties = Record<string, string | null | undefined>;

export type HsVersion = { value: string; timestamp: string; sourceType?: string; updatedByUserId?: number };

export type HsObject = {
  id: string;
  properties: HsProperties;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  archivedAt?: string;
  /** Newest first. */
  propertiesWithHistory?: Record<string, HsVersion[]>;
  associations?: Record<string, { results: { id: string; type?: string }[] }>;
};

export type HsPage = { results: HsObject[]; paging?: { next?: { after: string } }; total?: number };

export type HsStage = { id: string; label: string; displayOrder: number; archived?: boolean; metadata?: { isClosed?: string; probability?: string } };
export type HsPipeline = { id: string; label: string; displayOrder: number; archived?: boolean; stages: HsStage[] };

export type HsOwner = { id: string; email?: string | null; firstName?: string | null; lastName?: string | null; archived?: boolean };

export type HsAccount = { portalId: number; uiDomain?: string; companyCurrency?: string; timeZone?: string };

/** v4 association batch read: the deals each activity is linked to. */
export type HsAssociations = { results: { from: { id: string }; to: { toObjectId: number | string }[] }[] };

/** A HubSpot timestamp (ISO-8601, or epoch milliseconds as a string) as an ISO instant; an unreadable one is returned as is, for validation to report. */
export function hsInstant(value: string | null | undefined): string | undefined {
  if (value == null || value === "") return undefined;
  const date = new Date(/^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** A number property ("1500.00"); an unreadable one stays a string so validation reports it. */
export function hsNumber(value: string | null | undefined): number | string | undefined {
  if (value == null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}
