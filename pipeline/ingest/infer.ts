// `churn ingest --infer FILE`: reads the head of a file and proposes a starter mapping: the dialect,
// which source column looks like which canonical field (English and Chinese column names), the date
// format of sample values, an id built by hashing when the source has none, and event-type values.
import type { Database } from '../db/database.ts';
import { columnsOf, EVENT_TYPES, type EventType, type Kind } from '../vocabulary.ts';
import { KINDS } from './canonical-schema.ts';
import type { Mapping } from './mapping-schema.ts';
import { timeParser } from './parse-time.ts';
import { openCsv, type Encoding } from './sources/csv-source.ts';
import { openWithDuckDb } from './sources/duckdb-source.ts';
import { formatFromExtension, type SourceFormat } from './sources/source.ts';

const SYNONYMS: Record<string, string[]> = {
  customer_id: [
    'customer_id',
    'customerid',
    'customer',
    'cust_id',
    'custid',
    'client_id',
    'user_id',
    'userid',
    'member_id',
    'account_id',
    '客户id',
    '客户编号',
    '客户',
    '会员id',
    '会员编号',
    '用户id',
  ],
  event_id: [
    'event_id',
    'eventid',
    'id',
    'order_id',
    'orderid',
    'transaction_id',
    'txn_id',
    'ticket_id',
    '订单号',
    '订单编号',
    '流水号',
    '编号',
  ],
  action_id: ['action_id', 'id', 'contact_id', '记录编号'],
  signup_date: [
    'signup_date',
    'signup',
    'join_date',
    'joined',
    'registered',
    'registration_date',
    'created_at',
    'first_seen',
    '注册日期',
    '注册时间',
    '入会日期',
  ],
  ts: [
    'ts',
    'timestamp',
    'time',
    'datetime',
    'date',
    'event_time',
    'created_at',
    'order_date',
    'order_time',
    '时间',
    '日期',
    '下单时间',
    '交易时间',
  ],
  type: ['type', 'event_type', 'event', 'kind', 'category', '类型', '事件类型'],
  amount: [
    'amount',
    'value',
    'dollar_value',
    'price',
    'total',
    'revenue',
    'sales',
    'spend',
    '金额',
    '消费金额',
    '实付金额',
    '订单金额',
  ],
  score: ['score', 'nps', 'rating', 'csat', '评分', '得分'],
  channel: ['channel', 'source', 'medium', '渠道', '来源'],
  region: ['region', 'area', 'province', 'city', 'country', '地区', '区域', '省份', '城市'],
  plan: ['plan', 'tier', 'level', 'membership', 'package', '套餐', '会员等级', '等级'],
  name: ['name', 'full_name', 'customer_name', '姓名', '客户姓名', '名称'],
  email: ['email', 'e_mail', 'mail', '邮箱', '电子邮件'],
  phone: ['phone', 'mobile', 'tel', 'telephone', 'cell', '电话', '手机', '手机号'],
  text: ['text', 'note', 'notes', 'comment', 'description', '备注', '内容'],
  action: ['action', 'treatment', 'activity', '动作', '措施'],
  cost: ['cost', '成本', '费用'],
  campaign: ['campaign', '活动'],
  is_control: ['is_control', 'control', 'holdout', '对照组'],
};

const TYPE_WORDS: Record<EventType, string[]> = {
  purchase: ['purchase', 'order', 'buy', 'sale', 'transaction', '订单', '购买', '下单', '消费'],
  refund: ['refund', 'return', '退款', '退货'],
  login: ['login', 'visit', 'session', 'signin', '登录', '访问'],
  support_ticket: ['ticket', 'complaint', 'support', '工单', '投诉', '客诉'],
  ticket_resolved: ['resolved', 'closed', '已解决', '关闭'],
  survey: ['survey', 'nps', 'feedback', '问卷', '调查', '满意度'],
  care_contact: ['care', 'call', 'callback', '回访', '关怀'],
  email_open: ['email_open', 'open', '打开邮件'],
};

const DATE_FORMATS = [
  'iso',
  '%Y%m%d',
  '%Y/%m/%d',
  '%Y/%m/%d %H:%M:%S',
  '%Y/%m/%d %H:%M',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M',
  '%d.%m.%Y',
  '%Y-%m-%d %H:%M',
  '%Y年%m月%d日',
  'epoch_s',
  'epoch_ms',
];

export async function inferMapping(
  db: Database,
  file: string,
  kind: Kind,
  options: { format?: SourceFormat; encoding?: Encoding } = {},
): Promise<{ mapping: Mapping; notes: string[] }> {
  const format = options.format ?? formatFromExtension(file);
  const source =
    format === 'csv' ? await openCsv(file, { encoding: options.encoding }) : await openWithDuckDb(file, format);
  const sample: string[][] = [];
  for await (const r of source.records) {
    sample.push(r.fields.map((f) => f ?? ''));
    if (sample.length >= 200) break;
  }
  await source.records.return(undefined);
  const notes: string[] = [];
  let columns = source.columns ?? [];
  const headerless = format === 'csv' && looksLikeData(columns, sample);
  const mapping: Mapping = { kind, fields: {} };
  if (format !== 'csv') mapping.format = format;
  else
    mapping.csv = {
      delimiter: source.info.delimiter as never,
      header: !headerless,
      ...(options.encoding ? { encoding: options.encoding } : {}),
    };
  if (headerless) {
    sample.unshift(columns);
    columns = columns.map((_, i) => `column${i + 1}`);
    mapping.csv!.columns = columns;
    notes.push(
      'The first line looks like data, so the file is read without a header: name the columns in csv.columns.',
    );
  }
  const used = new Set<number>();
  for (const field of columnsOf(kind)) {
    const index = findColumn(columns, SYNONYMS[field] ?? [field], used);
    if (index === null) continue;
    used.add(index);
    const values = sample.map((r) => r[index] ?? '').filter((v) => v.trim() !== '');
    if (field === 'ts' || field === 'signup_date') {
      const fmt = DATE_FORMATS.find(
        (f) => values.length > 0 && values.every((v) => timeParser(f, undefined)(v) !== null),
      );
      mapping.fields[field] = fmt && fmt !== 'iso' ? { column: columns[index], format: fmt } : columns[index];
      if (!fmt)
        notes.push(
          `fields.${field}: no known date format fits the sample values (e.g. "${values[0] ?? ''}"); set format.`,
        );
    } else if (field === 'type') {
      const distinct = [...new Set(values)].slice(0, 50);
      const map = Object.fromEntries(
        distinct.filter((v) => !(EVENT_TYPES as readonly string[]).includes(v)).map((v) => [v, guessType(v)]),
      );
      mapping.fields[field] = Object.keys(map).length ? { column: columns[index], values: map } : columns[index];
    } else {
      mapping.fields[field] = columns[index];
    }
  }
  const id = KINDS[kind].id;
  if (!(id in mapping.fields) && kind !== 'customers') {
    mapping.idFrom = ['customer_id', 'ts', ...(kind === 'events' ? ['type', 'amount'] : ['action'])].filter(
      (f) => f in mapping.fields || f === 'type',
    );
    notes.push(
      `No ${id} column: ids will be a hash of ${mapping.idFrom.join(', ')} (repeats in one file get ~2, ~3, ...).`,
    );
  }
  if (kind === 'events' && !('type' in mapping.fields)) {
    mapping.fields.type = { value: 'purchase' };
    notes.push('No event-type column: every row is taken as a purchase (fields.type.value).');
  }
  if (kind === 'events' && !('customer_id' in mapping.fields))
    notes.push('fields.customer_id: no column looks like a customer id; map one.');
  if (kind === 'events') mapping.missingCustomers = 'reject';
  const unmapped = columns.filter((_, i) => !used.has(i));
  if (unmapped.length) notes.push(`Not mapped (ignored): ${unmapped.join(', ')}.`);
  return { mapping, notes };
}

function findColumn(columns: string[], names: string[], used: Set<number>): number | null {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
  for (const name of names) {
    const i = columns.findIndex((c, k) => !used.has(k) && norm(c) === norm(name));
    if (i >= 0) return i;
  }
  return null;
}

function looksLikeData(header: string[], sample: string[][]): boolean {
  // A header row has no numbers or dates; data rows usually do.
  const numeric = (v: string) => /^[-+]?\d[\d.,:/ -]*$/.test(v.trim());
  return header.some(numeric) && sample.length > 0;
}

function guessType(value: string): string {
  const v = value.toLowerCase();
  for (const [type, words] of Object.entries(TYPE_WORDS)) if (words.some((w) => v.includes(w))) return type;
  return 'purchase';
}
