import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Starts PGlite with its data in `dataDir` and serves it over the PostgreSQL wire protocol on a
 * loopback port, so the app, migrations and the job queue use the same driver as on a real server.
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ?? path.join(process.cwd(), ".data", "pglite");
  const pg = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db: pg, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 16 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${address}/postgres`,
    stop: async () => {
      await server.stop();
      await pg.close();
    },
  };
}
