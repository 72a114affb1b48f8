import "server-only";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig());

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
