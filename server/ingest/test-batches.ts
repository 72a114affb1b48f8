/** Small hand-made push API batches shared by the ingest tests. */
export const pipeline = { externalId: "P1", name: "Sales" };
export const stage = {
  inquiry: { externalId: "S-inq", name: "Inquiry", step: "lead" },
  negotiation: { externalId: "S-neg", name: "Negotiation", step: "negotiation" },
  contract: { externalId: "S-con", name: "Contract signed", step: "won" },
  delivered: { externalId: "S-del", name: "Delivered", step: "fulfilled" },
  lost: { externalId: "S-lost", name: "Lost", step: "lost" },
} as const;

const deal = (externalId: string, current: (typeof stage)[keyof typeof stage], extra: Record<string, unknown> = {}) => ({
  externalId,
  title: `Deal ${externalId}`,
  pipeline,
  stage: current,
  owner: { externalId: "R1", name: "Olena", email: "olena@example.test" },
  channel: { externalId: "C1", name: "Website" },
  customer: { externalId: `CU-${externalId}`, name: `Customer ${externalId}` },
  amount: 1000,
  currency: "EUR",
  createdAt: "2026-03-02T09:00:00+02:00",
  ...extra,
});

export const dealBatch = [
  deal("D1", stage.contract, { closedAt: "2026-03-10T12:00:00Z" }),
  deal("D2", stage.lost, { lossReason: { externalId: "LR1", name: "Price" } }),
  deal("D3", stage.delivered),
  deal("D4", stage.negotiation),
  deal("D5", stage.lost, { closedAt: "2026-03-12T12:00:00Z", lossReason: { externalId: "LR1", name: "Price" } }),
];

const move = (externalId: string, dealExternalId: string, toStage: (typeof stage)[keyof typeof stage], at: string) => ({ externalId, dealExternalId, toStage, at });

export const stageEventBatch = [
  // D2: won, then lost: lost at the later moment, never counted as won.
  move("E1", "D2", stage.inquiry, "2026-03-02T09:00:00Z"),
  move("E2", "D2", stage.contract, "2026-03-05T09:00:00Z"),
  move("E3", "D2", stage.lost, "2026-03-08T09:00:00Z"),
  // D3: won (contract), then delivered: won at the contract.
  move("E4", "D3", stage.inquiry, "2026-03-02T09:00:00Z"),
  move("E5", "D3", stage.contract, "2026-03-06T10:00:00Z"),
  move("E6", "D3", stage.delivered, "2026-03-20T10:00:00Z"),
  // D4: won, then reopened: open.
  move("E7", "D4", stage.inquiry, "2026-03-02T09:00:00Z"),
  move("E8", "D4", stage.contract, "2026-03-07T09:00:00Z"),
  move("E9", "D4", stage.negotiation, "2026-03-09T09:00:00Z"),
];
