import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "@node-rs/argon2", "pg-boss"],
  // `npm test` type-checks the whole project (tests included) with tsc before building; no need to do it twice.
  typescript: { ignoreBuildErrors: true },
  // Lets several dev servers run side by side in one checkout (NEXT_DIST_DIR=.next-foo).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default withNextIntl(nextConfig);
