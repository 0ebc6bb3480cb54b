// --infer: what a column's name says. Names are compared case-, space-, underscore- and
// hyphen-insensitively (`Customer ID`, `customer_id` and `CustomerID` are one name), in English and
// Chinese, as real shop, loyalty and CRM exports write them.

/** A column's name reduced to what is compared: lower case, no spaces, underscores, hyphens or dots. */
export const normalizeName = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

/** Roles a column can play, each with the names that announce it, most specific first. */
export const ROLE_NAMES = {
  customer_id: [
    'customer_id',
    'customerid',
    'cust_id',
    'client_id',
    'household_id',
    'household_key',
    'member_id',
    'user_id',
    'account_id',
    'buyer_id',
    'customer',
    '会员ID',
    '会员编号',
    '客户编号',
    '客户ID',
    '用户ID',
    '买家ID',
    '客户',
  ],
  event_id: ['event_id', 'id', 'transaction_id', 'txn_id', 'ticket_id', 'line_id', '流水号', '编号'],
  order_id: [
    'order_id',
    'InvoiceNo',
    'Invoice',
    'invoice_id',
    'invoice_number',
    'OrderNumber',
    'order_no',
    'basket_id',
    'receipt_id',
    'order',
    '订单号',
    '订单编号',
    '订单ID',
  ],
  ts: [
    'InvoiceDate',
    'order_date',
    'order_time',
    'transaction_timestamp',
    'transaction_date',
    'transaction_time',
    'purchase_date',
    'event_time',
    'timestamp',
    'ts',
    'datetime',
    'date',
    'time',
    'created_at',
    '下单时间',
    '订单时间',
    '支付时间',
    '交易时间',
    '时间',
    '日期',
  ],
  signup_date: [
    'signup_date',
    'signup',
    'join_date',
    'joined',
    'registered',
    'registration_date',
    'member_since',
    'created_at',
    'first_seen',
    '注册日期',
    '注册时间',
    '入会日期',
    '开户日期',
  ],
  type: ['event_type', 'type', 'event', 'kind', '事件类型', '类型'],
  quantity: ['Quantity', 'qty', 'units', 'item_qty', 'number_of_items', '数量', '购买数量', '件数'],
  unit_price: ['UnitPrice', 'unit_price', 'item_price', 'Price', '单价', '商品单价', '价格'],
  amount: [
    'sales_value',
    'amount',
    'total',
    'line_total',
    'value',
    'dollar_value',
    'revenue',
    'sales',
    'spend',
    '金额',
    '实付金额',
    '消费金额',
    '订单金额',
    '销售额',
    '支付金额',
  ],
  product: [
    'StockCode',
    'product_id',
    'SKU',
    'item_id',
    'product_code',
    'product',
    'item',
    '商品编码',
    '商品ID',
    '商品名称',
    'product_name',
    '商品',
    'Description',
  ],
  category: ['category', 'product_category', 'department', 'category_name', '品类', '类目', '商品类目', '分类'],
  score: ['NPS', 'CSAT', 'rating', 'stars', 'star_rating', 'score', 'review_score', '评分', '满意度', '星级', '得分'],
  channel: ['channel', 'source', 'medium', 'platform', '渠道', '来源', '平台'],
  text: ['text', 'comment', 'comments', 'note', 'notes', 'review', 'feedback', '备注', '内容', '评论', '留言'],
  region: ['region', 'area', '地区', '区域'],
  plan: ['plan', 'tier', 'membership', 'package', '套餐', '会员等级'],
  name: ['name', 'full_name', 'customer_name', '姓名', '客户姓名'],
  email: ['email', 'e_mail', 'mail', 'email_address', '邮箱', '电子邮件'],
  phone: ['phone', 'mobile', 'tel', 'telephone', 'phone_number', 'mobile_phone', '电话', '手机', '手机号', '联系电话'],
  // Where a customer lives or shops: a customer attribute, even when an order line repeats it.
  place: ['Country', 'city', 'province', 'state', 'store_id', 'store', 'shop', '国家', '城市', '省份', '门店', '店铺'],
  // Retention actions (kind actions).
  action_id: ['action_id', 'id', 'contact_id', '记录编号'],
  action: ['action', 'treatment', 'activity', '动作', '措施'],
  cost: ['cost', '成本', '费用'],
  campaign: ['campaign', '活动'],
  is_control: ['is_control', 'control', 'holdout', '对照组'],
  contacted: ['contacted', 'reached', '已联系'],
  accepted: ['accepted', 'converted', '已接受'],
} as const satisfies Record<string, readonly string[]>;
export type Role = keyof typeof ROLE_NAMES;

/** The first unused column whose name announces the role (the role's names tried in order). */
export function findColumn(columns: string[], role: Role, used: ReadonlySet<number>): number | null {
  for (const name of ROLE_NAMES[role]) {
    const i = columns.findIndex((c, k) => !used.has(k) && normalizeName(c) === normalizeName(name));
    if (i >= 0) return i;
  }
  return null;
}

/** Names of contact details: never proposed as attributes, and not loaded from event files. */
export const isPersonalName = (column: string): boolean =>
  (['name', 'email', 'phone'] as const).some((r) =>
    ROLE_NAMES[r].some((n) => normalizeName(n) === normalizeName(column)),
  ) ||
  /^(first|last|given|family|sur)name$|address|地址|身份证|idcard|passport|birthday|生日/.test(normalizeName(column));

/** Names of identifiers or codes (`ReferrerID`, `store_id`, `商品编码`): categorical when kept. */
export function isIdName(column: string): boolean {
  const t = column.trim();
  return (
    /(^|[_\s.-])(id|key|code|no|num|number)$/i.test(t) ||
    /[a-z](Id|ID|Key|Code|No)$/.test(t) ||
    /^(id|sku)$/i.test(t) ||
    /编号|编码|号码|账号|ID$/.test(t)
  );
}

/** Names of the outcome a churn model predicts: an attribute made of it would leak the answer. */
export const isOutcomeName = (column: string): boolean =>
  /^(churn|churned|ischurn|churnflag|churnlabel|attrition|exited|cancelled|流失|是否流失|已流失)$/.test(
    normalizeName(column),
  );

/** Names of calendar parts the timestamp already gives (week 5, month 3, 星期一). */
export const isCalendarPartName = (column: string): boolean =>
  /^(week|weekno|weeknumber|day|dayofweek|weekday|month|year|quarter|hour|周|星期|月份|年份|季度|小时)$/.test(
    normalizeName(column),
  );

// Chinese column names of common customer attributes: the English name and label they get.
const CHINESE_WORDS: Record<string, string> = {
  国家: 'country',
  城市: 'city',
  省份: 'province',
  省: 'province',
  地区: 'region',
  区域: 'area',
  门店: 'store',
  店铺: 'shop',
  性别: 'gender',
  年龄: 'age',
  年龄段: 'age_band',
  会员等级: 'member_level',
  等级: 'level',
  职业: 'occupation',
  学历: 'education',
  收入: 'income',
  婚姻状况: 'marital_status',
  合同类型: 'contract',
  支付方式: 'payment_method',
  付款方式: 'payment_method',
  渠道: 'channel',
  来源: 'source',
  套餐: 'plan',
  在网时长: 'tenure',
  月费: 'monthly_charges',
};

/**
 * The attribute name a column gets: snake case of its English words (`MonthlyCharges` ->
 * `monthly_charges`, `Country` -> `country`), a known Chinese word's English, else null.
 */
export function attributeName(column: string): string | null {
  const chinese = CHINESE_WORDS[column.trim()];
  if (chinese) return chinese;
  const snake = column
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z][a-z0-9_]*$/.test(snake) ? snake : null;
}

/**
 * Labels from the column name: its words, acronyms kept (`StreamingTV` -> `Streaming TV`), or the
 * English of a known Chinese name; a Chinese name is also the zh-CN label.
 */
export function attributeLabel(column: string, name: string): { en: string; 'zh-CN'?: string } {
  const chinese = /[\u4e00-\u9fff]/.test(column);
  const words = (chinese ? name : column.trim())
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (/^id$/i.test(w) ? 'ID' : /^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase()));
  const text = words.join(' ') || name;
  const en = (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 80);
  return chinese ? { en, 'zh-CN': column.trim().slice(0, 80) } : { en };
}
