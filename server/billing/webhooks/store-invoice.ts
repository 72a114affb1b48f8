import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Tx } from "@/db/client";
import { invoices } from "@/db/schema";

const date = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/** Keeps the invoice for the billing page; a paid invoice stays paid whatever older event arrives after it. */
export async function storeInvoice(tx: Tx, orgId: string, invoice: Stripe.Invoice) {
  const values = {
    number: invoice.number,
    status: invoice.status ?? "open",
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    periodStart: date(invoice.period_start),
    periodEnd: date(invoice.period_end),
    createdAt: date(invoice.created) ?? new Date(),
  };
  await tx
    .insert(invoices)
    .values({ orgId, id: invoice.id!, ...values })
    .onConflictDoUpdate({
      target: [invoices.orgId, invoices.id],
      set: values,
      setWhere: sql`${invoices.status} <> 'paid'`,
    });
}
