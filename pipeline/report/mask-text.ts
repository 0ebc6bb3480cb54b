// Masks personal data inside free text (tickets, surveys, care notes, cancellation reasons) in Chinese
// and English before anything is published: mask.ts masks the contact columns, this masks what customers
// wrote. Pure, IO-free and deterministic; a fixed series of regex passes, each linear in the text.
//
// Each find becomes a typed placeholder, so the text still reads: [email] [phone] [id] [card] [order]
// [address] [name] [url]. The passes, in order (earlier passes hide digits from later ones):
//   1. URLs with a query string (tokens and e-mails ride in them). A plain URL stays.
//   2. E-mail addresses, also written to dodge bots (zhangwei#163.com, john[at]example[dot]com, john at
//      example dot com); the customer's own e-mail (`known.emails`) exactly, and its local part as a word.
//   3. The customer's own phone (`known.phones`) in any spacing, with or without a country code; contact
//      handles named as such (QQ 12345678, 微信: zhangwei_88) as [phone].
//   4. Chinese resident ID numbers: 18 digits (the last may be X) with a plausible birth date.
//   5. Card-like numbers: 13-19 digits, bare or in groups of four. The Luhn check decides the type: a
//      valid one is [card], any other is [order]; both are masked.
//   6. Phones: Chinese mobiles 1[3-9]x (3-4-4, spaces or dashes, +86 / 0086 / (+86)), landlines with an
//      area code (010-12345678, (0755) 8888 9999), North American 415-555-2671, international +44 20 ...
//   7. Order numbers: any run of 8+ digits (a yyyymmdd date and an amount after ¥ $ € £ stay), and an
//      identifier of 3+ digits after a word that names it (订单号 / 运单号 / 工单号 ..., order no. /
//      order # / tracking number ...). Partial phones after 尾号 are masked too.
//   8. Street addresses. Chinese: optional 省/市/区/县 levels, then a road (路/街/大街/大道/巷/弄/胡同)
//      with a number (号) and building levels (号楼/栋/幢/座/单元/层/室), or two building levels without a
//      road (阳光小区3栋2单元501). English: number + capitalised name + street type (Street, St, Ave,
//      Road ...), with an optional unit and "City, ST 12345".
//   9. Names the text introduces (我叫 / 收货人： / My name is / Hi, this is / Regards,), and the
//      customer's own name (`known.names`): the full name and its parts. Chinese: the given name of 2+
//      characters, the surname with a title (张先生, 王女士, 李总) and 小张 / 老张. Latin script: the full
//      name in any case, Mr./Ms./Dr. + any part, and each part of 3+ letters as a capitalised word (so a
//      name that is also a word, "Will", is masked where it is capitalised: privacy first).
//  10. Names of other people (mask-names.ts): after a role or contact cue (the courier, my colleague,
//      spoke with, 快递员, 同事, 与), after a title (Mr, Dr) or before one (先生, 经理, 总), and capitalised
//      First Last pairs that open with a common given name.
// Conservative by design: prices (¥299, $1,299.00, 299元), dates (2024-05-01, 2024年5月1日, 20240501),
// times, percentages, short numbers and product names (iPhone 15, RTX 4090) are left as they are.
// Full-width digits and Latin letters (１３８, ＠) are turned half-width first so every pass sees them.
// Speed: every quantifier that can repeat is bounded or sits after a boundary look-behind, so no pass
// backtracks more than a constant per position (test/mask-text.test.ts runs 100 KB adversarial strings).

import { COMPOUND_SURNAMES_ZH, maskPersonNames } from './mask-names.ts';

export type MaskKind = 'email' | 'phone' | 'id' | 'card' | 'order' | 'address' | 'name' | 'url';

/** The customer's own contact data (customers.name / email / phone), masked wherever it appears. */
export interface KnownPersonalData {
  names?: readonly (string | null | undefined)[];
  emails?: readonly (string | null | undefined)[];
  phones?: readonly (string | null | undefined)[];
}

const tag = (kind: MaskKind): string => `[${kind}]`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Full-width ASCII letters, digits and @ + - # as half-width; other characters (，。：) untouched. */
function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0b\uff0d\uff03]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

// ---- 1. URLs ---------------------------------------------------------------------------------------
const URL_CHAR = String.raw`[^\s"'<>\u3000-\u9fff\uff00-\uffef]`;
const URL_WITH_QUERY = new RegExp(String.raw`\b(?:https?:\/\/|www\.)${URL_CHAR}{1,2048}`, 'gi');

function maskUrls(text: string): string {
  return text.replace(URL_WITH_QUERY, (url) => {
    const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
    const core = url.slice(0, url.length - trail.length);
    return core.includes('?') ? tag('url') + trail : url;
  });
}

// ---- 2. E-mails ------------------------------------------------------------------------------------
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

// Written to dodge spam bots: zhangwei#163.com, john[at]example[dot]com, john at example dot com.
const TLD = '(?:com|cn|net|org|edu|gov|io|co|uk|de|jp|hk|tw|info|me)';
const EMAIL_DODGED = [
  String.raw`[A-Za-z0-9._%+-]{1,64} ?(?:\[at\]|\(at\)|#) ?(?:[A-Za-z0-9-]{1,63}(?:\.| ?(?:\[dot\]|\(dot\)) ?)){1,4}${TLD}`,
  String.raw`[A-Za-z0-9._%+-]{1,64} at (?:[A-Za-z0-9-]{1,63} dot ){1,4}${TLD}`,
].map((p) => new RegExp(`(?<![A-Za-z0-9._%+-])${p}(?![A-Za-z0-9])`, 'gi'));

function maskEmails(text: string, known: readonly string[]): string {
  let out = text;
  for (const dodged of EMAIL_DODGED) out = out.replace(dodged, tag('email'));
  for (const email of known) {
    out = out.replace(new RegExp(escape(email), 'gi'), tag('email'));
  }
  out = out.replace(EMAIL, tag('email'));
  for (const email of known) {
    const local = email.slice(0, email.lastIndexOf('@'));
    if (local.length < 5) continue; // "info", "ab": too likely to be an ordinary word
    out = out.replace(new RegExp(`(?<![A-Za-z0-9._%+-])${escape(local)}(?![A-Za-z0-9_%+-])`, 'gi'), tag('email'));
  }
  return out;
}

// ---- 3. Known phones -------------------------------------------------------------------------------
/** The national digits of a phone: separators dropped, a +86 / 0086 / 86 prefix of a mobile dropped. */
function nationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const cn = /^(?:0086|86)(1[3-9]\d{9})$/.exec(digits);
  return cn ? cn[1] : digits;
}

function maskKnownPhones(text: string, known: readonly string[]): string {
  let out = text;
  // A stored phone with its country code (+1 415 555 0199) is often written without it (415 555 0199).
  const variants = known.flatMap((phone) => {
    const digits = nationalDigits(phone);
    const international = /^\s*(?:\+|00)/.test(phone);
    return [digits, ...(international ? [1, 2, 3].map((k) => digits.slice(k)) : [])];
  });
  for (const digits of variants) {
    if (digits.length < 7) continue;
    const body = [...digits].map(escape).join('[ .()-]{0,2}');
    const prefix = String.raw`(?:(?:\+|00)\d{1,3}[ .-]{0,2}|\(\+?\d{1,3}\)[ .-]{0,2})?`;
    out = out.replace(new RegExp(`(?<![\\d+])${prefix}${body}(?!\\d)`, 'g'), tag('phone'));
  }
  return out;
}

// ---- 4-7. Numbers: ID cards, cards, phones, orders ---------------------------------------------------
const BIRTH_DATE = String.raw`(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`;
const RESIDENT_ID = new RegExp(String.raw`(?<![\dA-Za-z])[1-9]\d{5} ?${BIRTH_DATE} ?\d{3}[\dXx](?![\dA-Za-z])`, 'g');
const CARD_BARE = /(?<![\d+])\d{13,19}(?!\d)/g;
const CARD_GROUPED =
  /(?<![\d+])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![\d])|(?<![\d+])\d{4}([ -])\d{6}\2\d{5}(?!\d)/g;
const CN_PREFIX = String.raw`(?:(?:\+|00)86[ -]?|\(\+?86\)[ -]?|86[ -]?)?`;
const CN_MOBILE = new RegExp(String.raw`(?<!\d)${CN_PREFIX}1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)`, 'g');
const PHONES = [
  /(?<![\d+])(?:\(0\d{2,3}\)[ -]?|0\d{2,3}[ -]?)\d{3,4}[ -]?\d{4}(?!\d)/g,
  /(?<![\d+])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/g,
];
const INTERNATIONAL = /(?<![\dA-Za-z+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d[\d .-]{5,16}\d(?!\d)/g;
const LONG_DIGITS = /(?<!\d|\d[.,])([¥￥$€£] ?)?\d{8,}(?!\d)/g;
const DATE8 = new RegExp(`^${BIRTH_DATE}$`);

/** Luhn's checksum, which every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const cardOrOrder = (m: string): string => tag(luhnValid(m.replace(/\D/g, '')) ? 'card' : 'order');

function maskNumbers(text: string): string {
  let out = text.replace(RESIDENT_ID, tag('id'));
  // Grouped cards before phones (a landline pattern fits inside 6222 0212 3456 7890), bare ones after
  // (a mobile with its country code, 8613912345678, is 13 digits).
  out = out.replace(CARD_GROUPED, cardOrOrder).replace(CN_MOBILE, tag('phone'));
  out = out.replace(INTERNATIONAL, (m) => {
    const digits = m.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15 && !/[ .-]{2}/.test(m) ? tag('phone') : m;
  });
  out = out.replace(CARD_BARE, cardOrOrder);
  for (const phone of PHONES) out = out.replace(phone, tag('phone'));
  return out.replace(LONG_DIGITS, (m, currency: string | undefined) =>
    currency !== undefined || DATE8.test(m) ? m : tag('order'),
  );
}

const ORDER_WORD_ZH =
  '订单编号|订单号码|订单号|订单|运单号|快递单号|物流单号|单号|工单号|流水号|交易号|发票号|会员号|卡号|编号';
const ORDER_WORD_EN = String.raw`(?:order|tracking|waybill|shipment|invoice|ticket|case|reference|ref|booking|transaction)`;
const ORDER_MARK_EN = String.raw`(?:[ \t]{0,3}(?:no\.?|number|num|id|code))?[ \t]{0,3}[:#]?[ \t]{0,3}#?`;
const ORDER_TOKEN = String.raw`([A-Za-z]{0,4}-?\d[A-Za-z0-9-]{2,39})(?![A-Za-z0-9-])`;
const ORDER_IDS = [
  new RegExp(String.raw`((?:${ORDER_WORD_ZH})[ \t]{0,3}(?:是|为)?[ \t]{0,3}[:：#]?[ \t]{0,3})${ORDER_TOKEN}`, 'g'),
  new RegExp(String.raw`(\b${ORDER_WORD_EN}${ORDER_MARK_EN})${ORDER_TOKEN}`, 'gi'),
];
const TAIL_DIGITS = /(银行卡|信用卡|卡号|卡)?(尾号(?:是|为)?[ :：]{0,2})\d{4}(?!\d)/g;

function maskOrderIds(text: string): string {
  let out = text;
  for (const pattern of ORDER_IDS) {
    out = out.replace(pattern, (m, lead: string, token: string) => {
      const digits = token.replace(/\D/g, '').length;
      const isDate = /^\d{4}-\d{1,2}-\d{1,2}$/.test(token);
      return digits >= 3 && !isDate ? lead + tag('order') : m;
    });
  }
  return out.replace(TAIL_DIGITS, (_m, card: string | undefined, lead: string) =>
    card === undefined ? lead + tag('phone') : card + lead + tag('card'),
  );
}

// Contact handles named as such (QQ 12345678, 微信号: zhangwei_88, WeChat wxid_abc123) are [phone]: they
// reach the person as a phone number does. Run before the number passes, which would call a QQ [order].
const HANDLE =
  /((?<![A-Za-z])(?:QQ|微信|wechat|weixin|vx|wx)(?:号码|号|id)?[ \t]{0,3}(?:是|为)?[ \t]{0,3}[:：]?[ \t]{0,3})([A-Za-z][A-Za-z0-9_-]{5,19}|\d{5,12})(?![A-Za-z0-9_-])/gi;

function maskHandles(text: string): string {
  return text.replace(HANDLE, (_m, lead: string) => lead + tag('phone'));
}

// A name the text itself introduces (我叫..., 收货人：..., My name is ..., Regards, ...), known or not.
const NAME_CUES = [
  /((?:我叫|我的名字是|(?:姓名|联系人|收件人|收货人)[ \t]{0,2}(?:是|为|[:：]))[ \t]{0,2})[\u4e00-\u9fff]{2,3}/g,
  /(\b(?:[Mm]y name is|[Nn]ame:|(?:[Hh]i|[Hh]ello|[Hh]ey),? this is|[Rr]egards,|[Ss]incerely,)\s{1,3})(?!(?:The|An?|My|Our|Your|Not|So|Very|Really|Just)\b)[A-Z][a-z'-]{1,30}(?: "?[A-Z][a-z'-]{1,30}"?){0,2}/g,
];

function maskNameCues(text: string): string {
  return NAME_CUES.reduce((out, cue) => out.replace(cue, (_m, lead: string) => lead + tag('name')), text);
}

// ---- 8. Addresses ----------------------------------------------------------------------------------
// Words that precede an address without being part of it (我住在, 寄到, 地址): a place name never holds
// them, so a match starts after them. The level suffixes are kept out of names so levels split one way.
const STOP = '我你您他她它们在住是的了到寄送发往从址为于和与及或把被给请帮改换家就都也还这那个地要想说';
const HAN = String.raw`(?:(?![${STOP}省市区县旗镇乡路街巷弄])[\u4e00-\u9fff])`;
const ADMIN = String.raw`${HAN}{1,8}[省市区县旗镇乡]`;
const ROAD = String.raw`${HAN}{1,10}(?:大街|大道|胡同|[路街巷弄])`;
const NUM = String.raw`\d{1,5}(?:[-之]\d{1,5})?号`;
const LEVEL_NO = String.raw`(?:\d{1,5}|[A-Za-z]|[一二三四五六七八九十]{1,3})`;
const BUILDING = String.raw`(?:号楼|号院|栋|幢|座|单元|室|户)`;
const UNIT = String.raw`(?:${HAN}|[A-Za-z]){0,10}?${LEVEL_NO}(?:${BUILDING}|层|楼|号)`;
const FIRST_UNIT = String.raw`(?:${HAN}|[A-Za-z]){0,10}?${LEVEL_NO}${BUILDING}`;
const ADDRESS_ZH = new RegExp(
  String.raw`(?:${ADMIN}){0,4}(?:(${ROAD}) ?(?:${NUM})?|${FIRST_UNIT})(?:${UNIT}){0,6}(?:[ -]?\d{2,5}(?![\d号]))?`,
  'g',
);
const LEVELS = new RegExp(String.raw`${LEVEL_NO}(?:${BUILDING}|层|楼|号)|\d{2,5}$`, 'g');

const STREET_TYPE =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Crescent|Close|Highway|Hwy|Parkway|Square|Sq';
const ADDRESS_EN = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?,? (?:[A-Z0-9][A-Za-z0-9'.-]{0,30} ){1,4}(?:${STREET_TYPE})\b\.?(?: [NSEW]{1,2}\b)?` +
    String.raw`(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|#)\.? ?[A-Za-z0-9-]{1,6})?` +
    String.raw`(?:, [A-Z][a-z]{1,30}(?: [A-Z][a-z]{1,30}){0,2},? [A-Z]{2} \d{5}(?:-\d{4})?)?`,
  'g',
);

function maskAddresses(text: string): string {
  const zh = text.replace(ADDRESS_ZH, (m, road: string | undefined) => {
    const levels = m.match(LEVELS)?.length ?? 0;
    return levels >= (road === undefined ? 2 : 1) ? tag('address') : m;
  });
  return zh.replace(ADDRESS_EN, tag('address'));
}

// ---- 9. Known names --------------------------------------------------------------------------------
const COMPOUND_SURNAMES = new Set(COMPOUND_SURNAMES_ZH.split(' '));
const TITLES_ZH = '先生|女士|小姐|太太|老师|师傅|经理|主任|阿姨|总|姐|哥|叔';
const TITLES_EN = String.raw`(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mme|M)\.?\s{1,3}`;

/** Patterns for one Chinese name: full, given name of 2+ characters, surname with a title, 小/老 + surname. */
function chineseNamePatterns(name: string): string[] {
  const full = name.replace(/\s+/g, '');
  const chars = [...full];
  const surname =
    chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? chars.slice(0, 2).join('') : chars[0];
  const given = chars.slice([...surname].length).join('');
  const patterns = [escape(full), `${escape(surname)}(?:${TITLES_ZH})`, `[小老]${escape(surname)}`];
  if ([...given].length >= 2) patterns.push(escape(given));
  return patterns;
}

/** Patterns for one Latin-script name: full in either order, title + part, capitalised parts of 3+ letters. */
function latinNamePatterns(name: string): { anyCase: string[]; exactCase: string[] } {
  const parts = name.split(/[\s,"]+/).filter((p) => p.length > 0);
  const anyCase = [
    parts.map(escape).join(String.raw`[\s,]{1,3}`),
    [...parts]
      .reverse()
      .map(escape)
      .join(String.raw`[\s,]{1,3}`),
  ];
  for (const part of parts) anyCase.push(TITLES_EN + escape(part));
  const exactCase: string[] = [];
  for (const part of parts.filter((p) => p.length >= 3)) {
    const cap = part[0].toUpperCase() + part.slice(1).toLowerCase();
    exactCase.push(escape(cap), escape(part.toUpperCase()));
  }
  return { anyCase, exactCase };
}

const byLength = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);
const LATIN_EDGE = ['(?<![A-Za-z0-9\\u00c0-\\u024f\\[])', '(?![A-Za-z0-9\\u00c0-\\u024f\\]])'];

function maskKnownNames(text: string, names: readonly string[]): string {
  const han: string[] = [];
  const anyCase: string[] = [];
  const exactCase: string[] = [];
  for (const name of names) {
    if (/[\u3400-\u9fff]/.test(name)) han.push(...chineseNamePatterns(name));
    else {
      const latin = latinNamePatterns(name);
      anyCase.push(...latin.anyCase);
      exactCase.push(...latin.exactCase);
    }
  }
  let out = text;
  if (han.length > 0) out = out.replace(new RegExp(han.sort(byLength).join('|'), 'g'), tag('name'));
  const [before, after] = LATIN_EDGE;
  if (anyCase.length > 0)
    out = out.replace(new RegExp(`${before}(?:${anyCase.sort(byLength).join('|')})${after}`, 'gi'), tag('name'));
  if (exactCase.length > 0)
    out = out.replace(new RegExp(`${before}(?:${exactCase.sort(byLength).join('|')})${after}`, 'g'), tag('name'));
  return out;
}

// ---- The verb --------------------------------------------------------------------------------------
const present = (values: readonly (string | null | undefined)[] | undefined): string[] =>
  (values ?? []).map((v) => (v ?? '').trim()).filter((v) => v.length > 0);

/** Free text with its personal data replaced by typed placeholders; see the header for what is masked. */
export function maskFreeText(text: string, known: KnownPersonalData = {}): string {
  let out = halfWidth(text);
  out = maskUrls(out);
  out = maskEmails(out, present(known.emails).map(halfWidth));
  out = maskKnownPhones(out, present(known.phones).map(halfWidth));
  out = maskNumbers(maskHandles(out));
  out = maskOrderIds(out);
  out = maskNameCues(maskAddresses(out));
  return maskKnownNames(maskPersonNames(out), present(known.names).map(halfWidth));
}
