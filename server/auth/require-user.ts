import "server-only";
import { redirect } from "next/navigation";
import { currentUserId } from "./index";

/** For pages that need a signed-in person: their id, or off to sign-in and back to `returnTo` afterwards. */
export async function requireUserId(returnTo: string): Promise<string> {
  const userId = await currentUserId();
  if (!userId) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return userId;
}
