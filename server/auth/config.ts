import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "./password";

const ZPasswordSignIn = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

export const authConfig = {
  // Credentials sign-in only works with JWT sessions (stack-notes.md).
  session: { strategy: "jwt" },
  trustHost: true,
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      id: "password",
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = ZPasswordSignIn.safeParse(raw);
        if (!parsed.success) return null;
        const [user] = await getDb().select().from(users).where(eq(users.email, parsed.data.email)).limit(1);
        if (!user?.passwordHash) return null;
        if (!(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
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
} satisfies NextAuthConfig;
