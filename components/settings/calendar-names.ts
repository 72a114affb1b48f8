/** "понедельник" → "Понедельник": names used as labels start with a capital in every language. */
const capitalized = (name: string, locale: string) => name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);

/** Weekday options in the reader's language, ISO numbered: 1 = Monday … 7 = Sunday. */
export function weekdayChoices(locale: string): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: String(day), label: capitalized(format.format(Date.UTC(2024, 0, day)), locale) }));
}

/** Month options in the reader's language: 1 = January … 12 = December. */
export function monthChoices(locale: string): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: capitalized(format.format(Date.UTC(2024, i, 1)), locale) }));
}
