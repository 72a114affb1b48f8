import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { clientIp } from "./client-ip";
import { findDemoUser } from "./demo-user";
import { magicLinkProvider } from "./magic-link";
import { verifyPasswordSignIn } from "./password-sign-in";

const ZPasswordSignIn = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), password: z.string().min(1).max(200) });

/** Too many failed attempts for this e-mail or address; the sign-in form reads `code`. */
export class SignInLocked extends CredentialsSignin {
  code = "locked";
}

/**
 * The Auth.js configuration, built per request (NextAuth's lazy form) so the database is opened on first
 * use and never while `next build` imports modules.
 */
export function buildAuthConfig(): NextAuthConfig {
  const db = getDb();
  return {
    adapter: DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    // Credentials sign-in only works with JWT sessions (stack-notes.md); the adapter still keeps users and magic-link tokens.
    session: { strategy: "jwt" },
    trustHost: true,
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in/check-email" },
    providers: [
      Credentials({
        id: "password",
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = ZPasswordSignIn.safeParse(raw);
          if (!parsed.success) return null;
          const result = await verifyPasswordSignIn(db, { ...parsed.data, ip: clientIp(request.headers) });
          if (result.kind === "locked") throw new SignInLocked();
          return result.kind === "ok" ? result.user : null;
        },
      }),
      Credentials({
        id: "demo",
        credentials: {},
        authorize: () => findDemoUser(db),
      }),
      magicLinkProvider(db),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
