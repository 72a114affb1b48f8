import type { Sql } from "@/db/client";

/**
 * One line per loaded record with every id replaced by the external id it points to, so two organizations
 * (or two loads) can be compared: same lines, same data.
 */
const lines = `
  select concat_ws('|', 'customer', external_id, name, created_at) from customers where org_id = $1
  union all
  select concat_ws('|', 'deal', d.external_id, d.title, p.external_id, s.external_id, r.external_id, ch.external_id,
    c.external_id, coalesce(d.amount::text, '-'), d.currency, coalesce(d.cost::text, '-'), coalesce(d.margin::text, '-'),
    d.status, d.created_at, coalesce(d.won_at::text, '-'), coalesce(d.lost_at::text, '-'), coalesce(lr.external_id, '-'),
    coalesce(d.expected_close_date::text, '-'))
  from deals d
  join pipelines p on p.org_id = d.org_id and p.id = d.pipeline_id
  join stages s on s.org_id = d.org_id and s.id = d.stage_id
  join reps r on r.org_id = d.org_id and r.id = d.owner_rep_id
  join channels ch on ch.org_id = d.org_id and ch.id = d.channel_id
  join customers c on c.org_id = d.org_id and c.id = d.customer_id
  left join loss_reasons lr on lr.org_id = d.org_id and lr.id = d.loss_reason_id
  where d.org_id = $1
  union all
  select concat_ws('|', 'stage', e.external_id, d.external_id, coalesce(f.external_id, '-'), t.external_id, e.at)
  from deal_stage_events e
  join deals d on d.org_id = e.org_id and d.id = e.deal_id
  left join stages f on f.org_id = e.org_id and f.id = e.from_stage_id
  join stages t on t.org_id = e.org_id and t.id = e.to_stage_id
  where e.org_id = $1
  union all
  select concat_ws('|', 'owner', e.external_id, d.external_id, f.external_id, t.external_id, e.at)
  from deal_owner_events e
  join deals d on d.org_id = e.org_id and d.id = e.deal_id
  join reps f on f.org_id = e.org_id and f.id = e.from_rep_id
  join reps t on t.org_id = e.org_id and t.id = e.to_rep_id
  where e.org_id = $1
  union all
  select concat_ws('|', 'activity', a.external_id, d.external_id, r.external_id, a.type, coalesce(a.direction::text, '-'), a.subject,
    a.created_at, coalesce(a.scheduled_at::text, '-'), coalesce(a.completed_at::text, '-'), coalesce(a.duration_seconds::text, '-'),
    coalesce(a.talk_seconds::text, '-'), coalesce(a.listen_seconds::text, '-'), coalesce(a.email_delivered::text, '-'),
    coalesce(a.email_opened::text, '-'), coalesce(a.email_replied::text, '-'), coalesce(a.reply_sentiment::text, '-'),
    coalesce(a.meeting_held::text, '-'), coalesce(a.quality_score::text, '-'))
  from activities a
  join deals d on d.org_id = a.org_id and d.id = a.deal_id
  join reps r on r.org_id = a.org_id and r.id = a.rep_id
  where a.org_id = $1
  union all
  select concat_ws('|', 'membership', r.external_id, t.external_id, m.valid_from, coalesce(m.valid_to::text, '-'))
  from team_memberships m
  join reps r on r.org_id = m.org_id and r.id = m.rep_id
  join teams t on t.org_id = m.org_id and t.id = m.team_id
  where m.org_id = $1
  union all
  select concat_ws('|', 'quota', r.external_id, q.metric, q.period_start, q.target)
  from quotas q join reps r on r.org_id = q.org_id and r.id = q.rep_id where q.org_id = $1
  union all
  select concat_ws('|', 'marketing', ch.external_id, m.day, m.spend, m.sessions)
  from marketing_daily m join channels ch on ch.org_id = m.org_id and ch.id = m.channel_id where m.org_id = $1
  union all
  select concat_ws('|', 'rate', currency, day, rate) from exchange_rates where org_id = $1
`;

/** md5 over the organization's demo records and how many there are. */
export async function datasetDigest(sql: Sql, orgId: string): Promise<{ digest: string; lines: number }> {
  const [row] = await sql.unsafe(`select md5(string_agg(line, E'\\n' order by line)) as digest, count(*)::int as lines from (${lines}) as x(line)`, [orgId]);
  return { digest: row!.digest, lines: row!.lines };
}
