/** The PostgreSQL server tests and the e2e runner create their throw-away databases on. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The URL of another database on the same server. */
export function databaseUrl(name: string) {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
