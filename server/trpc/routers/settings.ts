import { z } from "zod";
import { locales } from "@/lib/i18n/locales";
import { loadOrganizationSettings, ltvMethods, meetingCountings, updateOrganizationSettings } from "@/server/settings/organization-settings";
import { commonCurrencies, isTimeZone } from "@/server/tenancy/organization-fields";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

const days = (max: number, message: string) =>
  z.number("errors.field.invalid").int("errors.field.invalid").min(1, message).max(max, message);
const weekday = z.number("errors.field.invalid").int("errors.field.invalid").min(1, "errors.field.invalid").max(7, "errors.field.invalid");

const ZHoliday = z.object({
  day: z.iso.date("settings.errors.date"),
  name: z.string().trim().max(100, "errors.field.tooLong"),
});

export const ZOrganizationSettings = z.object({
  name: z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  currency: z.enum(commonCurrencies, "errors.field.invalid"),
  timeZone: z.string().trim().refine(isTimeZone, "settings.errors.timeZone"),
  locale: z.enum(locales, "errors.field.invalid"),
  weekStart: weekday,
  workingDays: z.array(weekday).min(1, "settings.errors.workingDays").max(7, "errors.field.invalid"),
  holidays: z
    .array(ZHoliday)
    .max(366, "settings.errors.tooManyHolidays")
    .superRefine((holidays, ctx) => {
      const seen = new Set<string>();
      holidays.forEach((holiday, index) => {
        if (seen.has(holiday.day)) ctx.addIssue({ code: "custom", path: [index, "day"], message: "settings.errors.duplicateHoliday" });
        seen.add(holiday.day);
      });
    }),
  fiscalYearStartMonth: z.number("errors.field.invalid").int("errors.field.invalid").min(1, "errors.field.invalid").max(12, "errors.field.invalid"),
  conversionWindowDays: days(730, "settings.errors.conversionWindowDays"),
  churnWindowDays: days(3650, "settings.errors.churnWindowDays"),
  staleDealDays: days(365, "settings.errors.staleDealDays"),
  ltvMethod: z.enum(ltvMethods, "errors.field.invalid"),
  meetingCounting: z.enum(meetingCountings, "errors.field.invalid"),
});

export const settingsRouter = router({
  /** The organization's settings for everyone in it; `canManage` says whether the caller may change them. */
  get: orgProcedure("org.view").query(async ({ ctx }) => ({
    settings: await loadOrganizationSettings(ctx.db, ctx.org.id),
    canManage: can(ctx.role, "org.manage", ctx.org),
    isDemo: ctx.org.isDemo,
  })),

  update: orgProcedure("org.manage")
    .input(ZOrganizationSettings)
    .mutation(({ ctx, input: { orgSlug: _slug, ...settings } }) => updateOrganizationSettings(ctx.db, ctx.org.id, settings)),
});
