import type { ReactNode } from "react";

/**
 * A page's title and what the page is for. Top-level pages use level 1; pages inside a section that already has
 * its own title (Settings) use level 2, so the outline stays one h1 per page.
 */
export function PageHeader({ title, subtitle, level = 1, id }: { title: string; subtitle?: ReactNode; level?: 1 | 2; id?: string }) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <div>
      <Heading id={id} className={`${level === 1 ? "text-2xl" : "text-lg"} font-semibold text-gray-900`}>
        {title}
      </Heading>
      {subtitle && <div className="mt-1 space-y-1 text-sm text-gray-600">{subtitle}</div>}
    </div>
  );
}
