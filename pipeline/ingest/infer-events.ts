// --infer for events files: one row per event, or one row per order line (order or invoice number,
// product, quantity, unit price) whose amount is quantity x unit price or a sales-value column, whose
// cancellations are refunds (a marked invoice number or a negative quantity), and whose id is a hash
// unique per line. Places and stores on the lines become customer attributes.
import { EVENT_TYPES, type EventType } from '../vocabulary.ts';
import { attributeLabel, attributeName, type Role } from './infer-columns.ts';
import { dateColumns, mapId, mapNumber, mapTime } from './infer-fields.ts';
import type { Proposal } from './infer-proposal.ts';
import { guessSurveyScale, looksFreeText, orderPrefixes } from './infer-values.ts';

export function proposeEvents(p: Proposal): void {
  const customer = p.find('customer_id');
  if (customer === null) p.notes.push('fields.customer_id: no column looks like a customer id; map one.');
  else {
    mapId(p, 'customer_id', customer);
    const empty = p.profile(customer).rows - p.profile(customer).values.length;
    if (empty)
      p.notes.push(
        `${empty} of ${p.profile(customer).rows} sampled rows have no ${p.name(customer)}: ` +
          'those rows will be rejected as missing_customer_id.',
      );
  }
  proposeTime(p);
  const lines = proposeOrderLine(p);
  proposeType(p, lines);
  proposeSurvey(p);
  for (const field of ['channel', 'text'] as const) {
    const i = p.find(field);
    if (i !== null) p.setField(field, i);
  }
  proposePlaces(p);
  proposeId(p, lines);
  p.mapping.missingCustomers = 'reject';
  p.notes.push('Events of customers not loaded yet are rejected; set missingCustomers to create to create them.');
}

function proposeTime(p: Proposal): void {
  const ts = p.find('ts');
  if (ts !== null) return mapTime(p, 'ts', ts);
  const dates = dateColumns(p);
  if (dates.length === 0) return void p.notes.push('fields.ts: no column holds dates or times; map one (required).');
  mapTime(p, 'ts', dates[0].index);
  p.notes.push(`fields.ts: no column is named as a time; ${p.name(dates[0].index)} holds dates, so it is proposed.`);
}

/** Order, product, quantity, price and amount columns; true when rows are order lines. */
function proposeOrderLine(p: Proposal): boolean {
  const found = (role: Role) => p.find(role);
  const [order, quantity, product, category, amount, eventId] = (
    ['order_id', 'quantity', 'product', 'category', 'amount', 'event_id'] as const
  ).map(found);
  let price = found('unit_price');
  const lines = quantity !== null || product !== null || (price !== null && amount !== null);
  if (order !== null) {
    // One row per order (order numbers unique, no line columns): the order number is the event's id.
    const perOrder = !lines && eventId === null && p.profile(order).distinct === p.profile(order).rows;
    mapId(p, perOrder ? 'event_id' : 'order_id', order);
  }
  if (eventId !== null) mapId(p, 'event_id', eventId);
  if (quantity !== null) mapNumber(p, 'quantity', quantity);
  if (product !== null) p.setField('product', product);
  if (category !== null) p.setField('category', category);
  if (price !== null && quantity === null && amount === null) {
    // A price with no quantity is what the row cost.
    mapNumber(p, 'amount', price);
    price = null;
  }
  if (price !== null) mapNumber(p, 'unit_price', price);
  if (amount !== null) mapNumber(p, 'amount', amount);
  else if (quantity !== null && price !== null)
    p.mapping.fields.amount = { multiply: [p.name(quantity), p.name(price)] };
  if (quantity !== null && p.profile(quantity).negatives)
    p.notes.push(
      `${p.profile(quantity).negatives} sampled lines have a negative ${p.name(quantity)}: ` +
        'purchase lines with a negative quantity are stored as refunds.',
    );
  if (lines && !('amount' in p.mapping.fields))
    p.notes.push('fields.amount: no amount or unit price column; purchases need an amount, map one.');
  if (product !== null) describeProduct(p);
  return lines;
}

// A product description beside the product code: text for people, not a second product.
function describeProduct(p: Proposal): void {
  const description = p.free().find((i) => /description|商品名称|product_?name/i.test(p.name(i)));
  if (description !== undefined && looksFreeText(p.profile(description)))
    p.leaveOut(
      description,
      `product description (product is ${String(p.mapping.fields.product)}): map it to text if wanted`,
    );
}

const TYPE_WORDS: Record<EventType, string[]> = {
  purchase: ['purchase', 'order', 'buy', 'sale', 'transaction', '订单', '购买', '下单', '消费'],
  refund: ['refund', 'return', '退款', '退货'],
  login: ['login', 'visit', 'session', 'signin', '登录', '访问'],
  support_ticket: ['ticket', 'complaint', 'support', '工单', '投诉', '客诉'],
  ticket_resolved: ['resolved', 'closed', '已解决', '关闭'],
  survey: ['survey', 'nps', 'feedback', '问卷', '调查', '满意度'],
  care_contact: ['care', 'call', 'callback', '回访', '关怀'],
  email_open: ['email_open', 'open', '打开邮件'],
  subscription_start: ['subscribe', 'subscription_start', 'activation', 'signup', '开通', '订阅'],
  renewal: ['renewal', 'renew', '续约', '续费'],
  payment: ['payment', 'billing', 'invoice_paid', 'charge', '付款', '扣费', '账单'],
  payment_failed: ['payment_failed', 'declined', 'failed', '扣费失败', '付款失败'],
  plan_change: ['plan_change', 'upgrade', 'downgrade', '变更套餐', '升级', '降级'],
  cancellation: ['cancellation', 'cancel', 'churn', 'terminate', '取消', '退订', '销户'],
};

function proposeType(p: Proposal, lines: boolean): void {
  const type = p.find('type');
  if (type !== null) return typeFromColumn(p, type);
  const order = p.mapping.fields.order_id ?? p.mapping.fields.event_id;
  const column = typeof order === 'string' ? order : order?.column;
  const at = column === undefined ? -1 : p.sheet.columns.indexOf(String(column));
  const prefixes = at >= 0 ? orderPrefixes(p.profile(at).values) : new Map<string, number>();
  if (prefixes.size) {
    const marks = Object.fromEntries([...prefixes.keys()].map((k) => [k, 'refund']));
    p.mapping.fields.type = { column: p.name(at), prefixes: marks, otherwise: 'purchase' };
    const counts = [...prefixes].map(([k, n]) => `${n} start with ${k}`).join(', ');
    p.notes.push(
      `fields.type: some ${p.name(at)} values carry a letter prefix (${counts}): proposed as cancellations ` +
        '(refund), the rest as purchases. Check the prefixes.',
    );
    return;
  }
  const survey = !lines && !('amount' in p.mapping.fields) && p.find('score') !== null;
  p.mapping.fields.type = { value: survey ? 'survey' : 'purchase' };
  p.notes.push(`No event-type column: every row is taken as a ${survey ? 'survey' : 'purchase'} (fields.type.value).`);
}

// Source values that name a built-in type map to it; others are declared as new event types.
function typeFromColumn(p: Proposal, i: number): void {
  const distinct = [...new Set(p.profile(i).values)].slice(0, 50);
  const values: Record<string, string> = {};
  const declared: NonNullable<typeof p.mapping.eventTypes> = {};
  for (const [k, v] of distinct.entries()) {
    if ((EVENT_TYPES as readonly string[]).includes(v)) continue;
    const builtIn = (Object.keys(TYPE_WORDS) as EventType[]).find((t) =>
      TYPE_WORDS[t].some((w) => v.toLowerCase().includes(w)),
    );
    const name = builtIn ?? attributeName(v) ?? `type_${k + 1}`;
    if (!builtIn) declared[name] = { label: attributeLabel(v, name) };
    if (name !== v) values[v] = name;
  }
  p.setField('type', i, Object.keys(values).length ? { values } : {});
  if (Object.keys(declared).length) {
    p.mapping.eventTypes = declared;
    p.notes.push(
      `eventTypes: ${Object.keys(declared).join(', ')} declared as new event types; check names and labels.`,
    );
  }
}

function proposeSurvey(p: Proposal): void {
  const score = p.find('score');
  if (score === null) return;
  mapNumber(p, 'score', score);
  const scale = guessSurveyScale(p.name(score), p.profile(score));
  if (scale) p.mapping.fields.survey_scale = { value: scale };
  p.notes.push(
    scale
      ? `fields.survey_scale: ${p.name(score)} read as ${scale} (values ${p.profile(score).min}-${p.profile(score).max}).`
      : `fields.score: the values of ${p.name(score)} fit no survey scale (nps 0-10, csat 1-5, stars 1-5).`,
  );
}

/** Countries, cities and stores on the lines: customer attributes (categorical). */
function proposePlaces(p: Proposal): void {
  for (let i = p.find('place'); i !== null; i = p.find('place')) {
    const name = attributeName(p.name(i)) ?? `attribute_${i + 1}`;
    p.use(i);
    (p.mapping.attributes ??= {})[name] = {
      column: p.name(i),
      kind: 'categorical',
      label: attributeLabel(p.name(i), name),
    };
  }
}

// Order lines: a hash of what makes a line; identical lines are numbered by ingest (~2, ~3).
const LINE_ID = ['order_id', 'product', 'customer_id', 'ts', 'quantity', 'unit_price'];

function proposeId(p: Proposal, lines: boolean): void {
  if ('event_id' in p.mapping.fields) return;
  const fields = p.mapping.fields;
  const wanted = lines
    ? [...LINE_ID, ...('unit_price' in fields ? [] : ['amount'])]
    : ['customer_id', 'ts', 'type', 'amount', 'score'];
  p.mapping.idFrom = wanted.filter((f) => f in fields || f === 'type');
  p.notes.push(
    `No event id column: ids will be a hash of ${p.mapping.idFrom.join(', ')} (repeats in one file get ~2, ~3, ...).`,
  );
}
