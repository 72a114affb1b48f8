import { createDb } from "@/db/client";
import { ensureDemoCompany } from "@/db/seed/demo-company";

/** Loads the demo company into the database at `url` unless it is already there. */
export async function prepareDemoCompany(url: string) {
  const { db, sql } = createDb(url, { max: 1 });
  try {
    const started = performance.now();
    const { loaded } = await ensureDemoCompany(db);
    if (loaded) {
      const seconds = (performance.now() - started) / 1000;
      console.log(`Demo company loaded: ${loaded.deals.toLocaleString("en")} deals, ${loaded.rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await sql.end();
  }
}
