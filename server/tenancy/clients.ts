import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import { applyAgencyTemplates } from "@/server/agency/apply-templates";
import { assertWithinLimit } from "@/server/billing/limits";
import { syncSubscriptionQuantity } from "@/server/billing/quantity";
import { forbidden } from "@/server/errors";
import { insertOrganization } from "./insert-organization";
import type { OrganizationFields } from "./organization-fields";

export type ClientSummary = { slug: string; name: string; currency: string; timeZone: string; createdAt: Date };

function assertAgency(org: Pick<Organization, "kind">) {
  if (org.kind !== "agency") throw forbidden("org.clients.notAgency");
}

/**
 * A new client company owned by the agency, set up from the agency's templates (stage mapping, role dashboards,
 * plans). It has no members of its own yet: the agency's owners, admins and consultants reach it through the
 * agency, and invite the client's people from inside it.
 */
export async function createClientOrganization(
  db: Db,
  agency: Pick<Organization, "id" | "kind" | "name">,
  fields: OrganizationFields,
  locale: string,
  now: Date = new Date(),
) {
  assertAgency(agency);
  const created = await db.transaction(async (tx) => {
    await assertWithinLimit(tx, agency.id, "clients");
    const client = await insertOrganization(tx, { ...fields, kind: "company", agencyOrgId: agency.id }, locale);
    await applyAgencyTemplates(tx, agency, { id: client.id, currency: fields.currency, timeZone: fields.timeZone }, now);
    return client;
  });
  await syncSubscriptionQuantity(db, agency.id);
  return created;
}

/** The agency's clients that still give it access, by name. */
export async function listClientOrganizations(db: Db, agency: Pick<Organization, "id" | "kind">): Promise<ClientSummary[]> {
  assertAgency(agency);
  return db
    .select({ slug: organizations.slug, name: organizations.name, currency: organizations.currency, timeZone: organizations.timeZone, createdAt: organizations.createdAt })
    .from(organizations)
    .where(eq(organizations.agencyOrgId, agency.id))
    .orderBy(asc(organizations.name));
}
