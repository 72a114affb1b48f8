"use client";

import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { FormAlert } from "@/components/auth/form-alert";

/**
 * A button that asks the server for a Stripe page (Checkout or the customer portal) and goes there.
 * It stays pending while the browser leaves, so it cannot be pressed twice.
 */
export function RedirectButton({
  request,
  pendingLabel,
  variant = "primary",
  children,
}: {
  request: () => Promise<{ url: string }>;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  children: ReactNode;
}) {
  const go = useMutation({ mutationFn: request, onSuccess: ({ url }) => window.location.assign(url) });
  const styles =
    variant === "primary"
      ? "bg-blue-600 text-white shadow-sm hover:bg-blue-700"
      : "border border-gray-300 bg-white text-gray-800 shadow-sm hover:bg-gray-50";
  return (
    <div className="space-y-2">
      {go.error && <FormAlert kind="error">{go.error.message}</FormAlert>}
      <button
        type="button"
        disabled={go.isPending || go.isSuccess}
        onClick={() => go.mutate()}
        className={`rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-wait disabled:opacity-70 ${styles}`}
      >
        {go.isPending || go.isSuccess ? pendingLabel : children}
      </button>
    </div>
  );
}
