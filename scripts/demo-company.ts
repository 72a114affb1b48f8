/** Loads the demo company into the database at `url` unless it is already there. */
export async function prepareDemoCompany(_url: string) {
  // Filled in by the demo generator (db/seed).
}
