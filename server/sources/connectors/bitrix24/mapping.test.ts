import { describe, expect, it } from "vitest";
import { ZActivityRecord } from "@/server/ingest/schemas/activities";
import { ZDealRecord } from "@/server/ingest/schemas/deals";
import { ZStageEventRecord } from "@/server/ingest/schemas/stage-events";
import { mapActivity, mapDeal, mapPipelines, mapStageHistory, stageDirectory, type BxDeal, type BxDirectory, type BxStatus, type BxUser } from "./mapping";
import { crmSample } from "@/test/crm-samples";

const sample = (name: string) => crmSample<any>("bitrix24", name);

const funnel0: BxStatus[] = sample("crm_status_list_deal_stage.json").result;
const funnel1: BxStatus[] = [
  { STATUS_ID: "C1:NEW", NAME: "Новая", SORT: "10", SEMANTICS: null, EXTRA: { SEMANTICS: "process" } },
  { STATUS_ID: "C1:WON", NAME: "Сделка успешна", SORT: "60", SEMANTICS: "S", EXTRA: { SEMANTICS: "success" } },
  { STATUS_ID: "C1:LOSE", NAME: "Сделка провалена", SORT: "70", SEMANTICS: "F", EXTRA: { SEMANTICS: "failure" } },
];
const statuses = new Map([["0", funnel0], ["1", funnel1]]);
const users: BxUser[] = sample("user_get.json").result;

const dir = (): BxDirectory => ({
  portalUrl: "https://acme.bitrix24.com",
  categories: new Map([["0", "General"], ["1", "Wholesale"]]),
  stages: stageDirectory(statuses),
  users: new Map(users.map((u) => [u.ID, u])),
  companies: new Map([["7", "Klaus Weber GmbH"]]),
  sources: new Map([["WEB", "Website"]]),
});

describe("Bitrix24 mapping (real sample responses)", () => {
  it("maps the sample deals: OPPORTUNITY strings as amounts, funnel C1 stages, owners, +02:00 times in UTC", () => {
    const rows: BxDeal[] = sample("crm_deal_list.json").result;
    const deals = rows.map((row) => mapDeal(row, dir()));
    for (const deal of deals) expect(ZDealRecord.parse(deal)).toEqual(deal);
    expect(deals.map((d) => d.amount)).toEqual([19999.99, 20000, 12500, 13500, 11500, 18500]);
    expect(deals[0]).toEqual({
      externalId: "37",
      title: "[A] Deal",
      pipeline: { externalId: "1", name: "Wholesale" },
      stage: { externalId: "C1:NEW", name: "Новая" },
      owner: { externalId: "1", name: "Vadim Valeev", email: "v.r.valeev@bitrix.com" },
      amount: 19999.99,
      createdAt: "2024-09-02T16:37:18.000Z",
      crmUrl: "https://acme.bitrix24.com/crm/deal/details/37/",
    });
    // user 6 is not in the user list: the id names the owner
    expect(deals[1]!.owner).toEqual({ externalId: "6", name: "6" });
    expect(deals[2]!.createdAt).toBe("2024-04-09T21:11:01.000Z");
  });

  it("maps a closed lost deal: currency, company, channel, the failure stage as loss reason, close date unshifted", () => {
    const deal = mapDeal(
      {
        ID: "50",
        CATEGORY_ID: "0",
        STAGE_ID: "APOLOGY",
        OPPORTUNITY: "1500.50",
        CURRENCY_ID: "EUR",
        ASSIGNED_BY_ID: "3",
        COMPANY_ID: "7",
        SOURCE_ID: "WEB",
        DATE_CREATE: "2024-05-01T10:00:00+03:00",
        CLOSEDATE: "2024-06-01T00:00:00+03:00",
        CLOSED: "Y",
        MOVED_TIME: "2024-05-31T23:30:00+03:00",
      },
      dir(),
    );
    expect(ZDealRecord.parse(deal)).toEqual(deal);
    expect(deal).toMatchObject({
      pipeline: { externalId: "0", name: "General" },
      stage: { externalId: "APOLOGY", name: "Failure reason analysis", step: "lost" },
      lossReason: { externalId: "APOLOGY", name: "Failure reason analysis" },
      owner: { externalId: "3", name: "John Smith", email: "test@gmail.com" },
      customer: { externalId: "7", name: "Klaus Weber GmbH" },
      channel: { externalId: "WEB", name: "Website" },
      amount: 1500.5,
      currency: "EUR",
      expectedCloseDate: "2024-06-01",
      closedAt: "2024-05-31T20:30:00.000Z",
    });
    expect(mapDeal({ ID: "51", STAGE_ID: "WON", CATEGORY_ID: "0", DATE_CREATE: "2024-05-01T10:00:00+03:00" }, dir()).stage.step).toBe("won");
  });

  it("refuses a deal with an unknown stage, an unreadable amount or no creation time", () => {
    const row: BxDeal = sample("crm_deal_list.json").result[0];
    expect(() => mapDeal({ ...row, STAGE_ID: "C9:GONE" }, dir())).toThrow("sources.crm.record.unknownStage");
    expect(() => mapDeal({ ...row, OPPORTUNITY: "abc" }, dir())).toThrow("sources.crm.record.invalidAmount");
    expect(() => mapDeal({ ...row, DATE_CREATE: "yesterday" }, dir())).toThrow("sources.crm.record.invalidDate");
  });

  it("maps a stage-history row; the stage left is the deal's previous row when it is in the same funnel", () => {
    const item = sample("crm_stagehistory_list.json").result.items[0];
    const created = mapStageHistory(item, undefined, dir());
    expect(ZStageEventRecord.parse(created)).toEqual(created);
    expect(created).toEqual({ externalId: "35", dealExternalId: "21", toStage: { externalId: "NEW", name: "New" }, at: "2024-04-25T14:59:11.000Z" });
    const won = mapStageHistory({ ...item, ID: 36, STAGE_ID: "WON", TYPE_ID: 3 }, "NEW", dir());
    expect(won.fromStage).toEqual({ externalId: "NEW", name: "New" });
    expect(won.toStage).toEqual({ externalId: "WON", name: "Deal successful", step: "won" });
    const funnelChange = mapStageHistory({ ...item, ID: 37, STAGE_ID: "C1:NEW", CATEGORY_ID: 1, TYPE_ID: 5 }, "WON", dir());
    expect(funnelChange.fromStage).toBeUndefined();
  });

  it("maps the sample call: outgoing, START_TIME to END_TIME as duration, completed at its end, not on a deal (owner type 3)", () => {
    const activity = mapActivity(sample("crm_activity_list.json").result[0], dir());
    expect(ZActivityRecord.parse(activity)).toEqual(activity);
    expect(activity).toEqual({
      externalId: "20",
      type: "call",
      direction: "outbound",
      rep: { externalId: "505", name: "505" },
      subject: "Outgoing call Klaus Weber",
      createdAt: "2020-09-27T10:26:55.000Z",
      scheduledAt: "2020-09-27T10:25:00.000Z",
      completedAt: "2020-09-27T16:25:00.000Z",
      durationSeconds: 6 * 3600,
    });
    const meeting = mapActivity({ ...sample("crm_activity_list.json").result[0], TYPE_ID: "1", OWNER_TYPE_ID: "2", OWNER_ID: "37" }, dir());
    expect(meeting).toMatchObject({ type: "meeting", dealExternalId: "37", meetingHeld: true });
    expect(meeting.direction).toBeUndefined();
  });

  it("lists funnels with stages by SORT; S is won, F (LOSE and APOLOGY) is lost", () => {
    const [general] = mapPipelines([{ id: 0, name: "General", sort: 100 }], statuses);
    expect(general!.stages.map((s) => [s.externalId, s.position, s.outcome])).toEqual([
      ["NEW", 0, "open"],
      ["PREPARATION", 1, "open"],
      ["PREPAYMENT_INVOICE", 2, "open"],
      ["EXECUTING", 3, "open"],
      ["FINAL_INVOICE", 4, "open"],
      ["WON", 5, "won"],
      ["LOSE", 6, "lost"],
      ["APOLOGY", 7, "lost"],
    ]);
  });
});
