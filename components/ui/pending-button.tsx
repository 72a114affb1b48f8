import type { ReactNode } from "react";

/** The primary submit button of a form whose mutation is `pending`: disabled and relabelled while it runs. */
export function PendingButton({ pending, pendingLabel, className = "", children }: { pending: boolean; pendingLabel: string; className?: string; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={`rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:cursor-wait disabled:opacity-70 ${className}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
