/** The PostgreSQL server of the tests (TEST_DATABASE_URL; default: the local server, user postgres). */
export const adminUrl = () => process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** The same server, another database. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
