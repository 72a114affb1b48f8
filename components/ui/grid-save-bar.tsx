import type { ReactNode } from "react";

type Props = {
  changes: number;
  /** Saving is blocked (invalid cells) even with changes. */
  blocked: boolean;
  pending: boolean;
  onSave: () => void;
  onDiscard: () => void;
  /** Texts in the user's language: the button while idle and while saving, the unsaved-changes count, discard, a hint. */
  labels: { save: string; saving: string; unsaved: string; discard: string; hint: string };
  /** Shown after the button, e.g. why saving is blocked. */
  children?: ReactNode;
};

/** Under an editable grid: one Save for every changed cell, how many are unsaved, and Discard. */
export function GridSaveBar({ changes, blocked, pending, onSave, onDiscard, labels, children }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={onSave}
        disabled={changes === 0 || blocked || pending}
        className="rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:opacity-50"
      >
        {pending ? labels.saving : labels.save}
      </button>
      {children}
      {changes > 0 && (
        <>
          <p role="status" className="text-sm font-medium text-amber-700">
            {labels.unsaved}
          </p>
          <button type="button" onClick={onDiscard} className="text-sm text-gray-600 underline">
            {labels.discard}
          </button>
        </>
      )}
      <p className="text-xs text-gray-500">{labels.hint}</p>
    </div>
  );
}
