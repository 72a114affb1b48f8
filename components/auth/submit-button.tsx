"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

const variants = {
  primary: "bg-blue-600 text-white hover:bg-blue-700 focus-visible:outline-blue-600",
  secondary: "border border-gray-300 bg-white text-gray-800 hover:bg-gray-50 focus-visible:outline-gray-400",
};

/** The form's submit button; while the action runs it is disabled and says what is happening. */
export function SubmitButton({ children, pendingLabel, variant = "primary" }: { children: ReactNode; pendingLabel: string; variant?: keyof typeof variants }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`flex w-full justify-center rounded-md px-4 py-2 text-sm font-semibold shadow-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-wait disabled:opacity-70 ${variants[variant]}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
