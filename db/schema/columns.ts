import { bigint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/** org_id: leads every tenant table's primary key and foreign keys. */
export const orgIdColumn = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/** Row id, unique within the organization (the primary key is (org_id, id)). */
export const rowIdColumn = () => bigint("id", { mode: "number" }).generatedByDefaultAsIdentity();

/** A reference to another tenant row by its id; used with a composite foreign key on (org_id, …). */
export const refColumn = (name: string) => bigint(name, { mode: "number" });

/** Where an imported record came from: (org_id, source_id, external_id) is unique, so imports are idempotent upserts. */
export const sourceColumns = () => ({
  sourceId: bigint("source_id", { mode: "number" }),
  externalId: text("external_id"),
});

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
