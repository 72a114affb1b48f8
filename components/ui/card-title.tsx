import type { ReactNode } from "react";

/** A card's heading: Tremor's look, but a real heading element so the page has an outline. */
export function CardTitle({ children }: { children: ReactNode }) {
  return <h2 className="text-tremor-title font-medium text-tremor-content-strong">{children}</h2>;
}
