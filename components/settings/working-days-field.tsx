type Choice = { value: string; label: string };

/** Checkboxes Monday–Sunday (ISO numbers) in a labelled group, with the group's error or hint under it. */
export function WorkingDaysField({
  legend,
  hint,
  error,
  weekdays,
  value,
  onChange,
}: {
  legend: string;
  hint: string;
  error?: string;
  weekdays: Choice[];
  value: number[];
  onChange: (days: number[]) => void;
}) {
  const toggle = (day: number, on: boolean) => onChange(on ? [...value, day].sort((a, b) => a - b) : value.filter((d) => d !== day));
  return (
    <fieldset aria-describedby={error ? "working-days-error" : "working-days-hint"}>
      <legend className="text-sm font-medium text-gray-700">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
        {weekdays.map((weekday) => {
          const day = Number(weekday.value);
          return (
            <label key={weekday.value} className="flex items-center gap-2 text-sm text-gray-700">
              <input
                type="checkbox"
                className="rounded border-gray-300 text-blue-600 focus:ring-blue-500"
                checked={value.includes(day)}
                onChange={(event) => toggle(day, event.target.checked)}
              />
              {weekday.label}
            </label>
          );
        })}
      </div>
      {error ? (
        <p id="working-days-error" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : (
        <p id="working-days-hint" className="mt-1 text-xs text-gray-500">
          {hint}
        </p>
      )}
    </fieldset>
  );
}
