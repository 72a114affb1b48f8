import { sql, type SQL } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";

/** Typed query parameters: explicit casts keep PostgreSQL from guessing (and work alike on PGlite). */
export const instantParam = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;
export const dateParam = (date: LocalDate) => sql`${date}::date`;
export const textParam = (value: string) => sql`${value}::text`;

const secondsIn = { days: 86400, minutes: 60 } as const;
/** An interval in days or minutes, as float8: extract gives numeric, several times slower to sort and take medians of. */
export const intervalIn = (unit: keyof typeof secondsIn, interval: SQL) => sql`extract(epoch from ${interval})::float8 / ${sql.raw(String(secondsIn[unit]))}`;

/** 1 where `condition` holds, else 0 (null too): a count that adds up across rows and day sums. */
export const oneIf = (condition: SQL) => sql`(case when ${condition} then 1 else 0 end)`;
