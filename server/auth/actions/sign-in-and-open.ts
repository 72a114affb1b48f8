import "server-only";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/server/auth";

/**
 * Signs in with the password just set (sign-up, reset, invitation) and opens `path`. Should that fail
 * (say the address is rate-limited), the person lands on the sign-in page with the same destination.
 */
export async function signInAndOpen(email: string, password: string, path: string): Promise<never> {
  try {
    await signIn("password", { email, password, redirectTo: path });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}
