import { sql } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";

/** Typed query parameters: explicit casts keep PostgreSQL from guessing (and work alike on PGlite). */
export const instantParam = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;
export const dateParam = (date: LocalDate) => sql`${date}::date`;
export const textParam = (value: string) => sql`${value}::text`;
