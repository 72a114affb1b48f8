import type { Role } from "@/db/schema";

/** What a member may do inside an organization. Viewing is open to every role. */
export const permissions = {
  "org.view": ["owner", "admin", "consultant", "head_of_sales", "manager", "bdr", "sdr", "executive", "marketer", "viewer"],
  "org.manage": ["owner", "admin", "consultant"],
  "members.manage": ["owner", "admin", "consultant"],
  "data.manage": ["owner", "admin", "consultant"],
  "plans.manage": ["owner", "admin", "consultant", "head_of_sales"],
  "billing.manage": ["owner", "admin"],
  "clients.manage": ["owner", "admin", "consultant"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/** The demo company is shared by everyone, so nothing in it may change, whatever the role. */
export function can(role: Role, permission: Permission, org: { isDemo: boolean }): boolean {
  if (org.isDemo && permission !== "org.view") return false;
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** Roles of an agency's members that reach every client organization of the agency (as consultants). */
export const agencyRolesWithClientAccess: readonly Role[] = ["owner", "admin", "consultant"];
