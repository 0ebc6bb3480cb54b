// Fake contact fields for synthetic customers: names (English, or Chinese in real characters),
// emails on reserved example domains, phones in the formats people actually type. A small share of
// values is deliberately messy (a '-' placeholder phone, an '@handle' as a name, a formula-like name)
// because real CRM exports contain them and the exporter must neutralise formula injection.

import type { Rng } from './prng.ts';

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
  /** 'zh' when the name is Chinese: other generated text (ticket subjects) follows it. */
  language: 'en' | 'zh';
}

// [characters, pinyin] so emails can be derived from Chinese names.
const ZH_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['许', 'xu'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['曾', 'zeng'],
  ['欧阳', 'ouyang'],
  ['司马', 'sima'],
];

const ZH_GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀', 'xiu'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂', 'gui'],
  ['英', 'ying'],
  ['华', 'hua'],
  ['建', 'jian'],
  ['文', 'wen'],
  ['辉', 'hui'],
  ['鑫', 'xin'],
  ['宇', 'yu'],
  ['浩', 'hao'],
  ['欣', 'xin'],
  ['怡', 'yi'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['晨', 'chen'],
  ['博', 'bo'],
  ['思', 'si'],
  ['嘉', 'jia'],
  ['佳', 'jia'],
  ['子', 'zi'],
  ['梓', 'zi'],
  ['涵', 'han'],
  ['轩', 'xuan'],
  ['睿', 'rui'],
  ['琳', 'lin'],
  ['晓', 'xiao'],
  ['海', 'hai'],
  ['志', 'zhi'],
];

const EN_FIRST: readonly string[] = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Emily',
  'Steven',
  'Ashley',
  'Andrew',
  'Michelle',
  'Kevin',
  'Amanda',
  'Brian',
  'Melissa',
  'George',
  'Rebecca',
  'Oliver',
  'Chloe',
  'Lucas',
  'Sophie',
  'Ethan',
  'Grace',
  'Noah',
  'Olivia',
  'Liam',
  'Emma',
  'Ryan',
  'Hannah',
];

const EN_LAST: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  "O'Brien",
  'Murphy',
  'Kelly',
  'Evans',
  'Turner',
  'Parker',
  'Collins',
  'Edwards',
  'Stewart',
  'Morris',
];

// Reserved for documentation (RFC 2606) so no generated address can reach a real mailbox.
const DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'shop.example.net'];

// Values that look like spreadsheet formulas: rare, but they exist in real exports.
const FORMULA_NAMES = ['=HYPERLINK("http://example.com","Click me")', '=1+1', '+SUM(A1:A9)', '-2+3', '@SUM(1,2)'];

/** Chinese names for about 43% of domestic customers and 10% of overseas ones (~40% overall). */
export function fakeContact(rng: Rng, overseas: boolean): Contact {
  const zh = rng.chance(overseas ? 0.1 : 0.43);
  const person = zh ? chineseName(rng) : englishName(rng);
  return {
    name: messyName(rng, person),
    email: rng.chance(0.04) ? null : messyEmail(rng, email(rng, person.first, person.last)),
    phone: rng.chance(0.03) ? null : rng.chance(0.005) ? '-' : overseas && !zh ? foreignPhone(rng) : chinesePhone(rng),
    language: zh ? 'zh' : 'en',
  };
}

interface Person {
  display: string;
  first: string; // latin, lower case, for the email
  last: string;
}

function chineseName(rng: Rng): Person {
  const [surname, surnamePinyin] = rng.pick(ZH_SURNAMES);
  const [g1, p1] = rng.pick(ZH_GIVEN);
  if (rng.chance(0.3)) return { display: surname + g1, first: p1, last: surnamePinyin };
  const [g2, p2] = rng.pick(ZH_GIVEN);
  return { display: surname + g1 + g2, first: p1 + p2, last: surnamePinyin };
}

function englishName(rng: Rng): Person {
  const first = rng.pick(EN_FIRST);
  const last = rng.pick(EN_LAST);
  const plain = { first: first.toLowerCase(), last: last.toLowerCase().replace(/[^a-z]/g, '') };
  const u = rng.next();
  // Some systems store "Last, First" and some people give a nickname in quotes: both need CSV quoting.
  if (u < 0.02) return { display: `${last}, ${first}`, ...plain };
  if (u < 0.025) return { display: `${first} "${first.slice(0, 3)}" ${last}`, ...plain };
  return { display: `${first} ${last}`, ...plain };
}

function messyName(rng: Rng, person: Person): string | null {
  const u = rng.next();
  if (u < 0.002) return rng.pick(FORMULA_NAMES);
  if (u < 0.004) return `@${person.first}${person.last[0]}`;
  if (u < 0.006) return '-';
  if (u < 0.016) return null;
  return person.display;
}

function email(rng: Rng, first: string, last: string): string {
  const domain = rng.pick(DOMAINS);
  const digits = rng.chance(0.5) ? String(rng.int(100)) : '';
  switch (rng.int(4)) {
    case 0:
      return `${first}.${last}${digits}@${domain}`;
    case 1:
      return `${first[0]}${last}${digits}@${domain}`;
    case 2:
      return `${last}${first}${digits}@${domain}`;
    default:
      return `${first}_${last[0]}${1970 + rng.int(36)}@${domain}`;
  }
}

function messyEmail(rng: Rng, address: string): string {
  const u = rng.next();
  if (u < 0.001) return '=' + address;
  if (u < 0.002) return '-';
  if (u < 0.004) return address.toUpperCase();
  return address;
}

const CN_MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '176',
  '177',
  '180',
  '186',
  '187',
  '188',
  '189',
  '199',
];

function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(10));
  return out;
}

function chinesePhone(rng: Rng): string {
  const prefix = rng.pick(CN_MOBILE_PREFIXES);
  const a = digits(rng, 4);
  const b = digits(rng, 4);
  const u = rng.next();
  if (u < 0.35) return `+86 ${prefix} ${a} ${b}`;
  if (u < 0.7) return `${prefix}${a}${b}`;
  if (u < 0.8) return `+86${prefix}${a}${b}`;
  return `${prefix}-${a}-${b}`;
}

// Ranges reserved for fiction (NANP 555-01xx, UK 07700 900xxx, AU 0491 570 xxx).
function foreignPhone(rng: Rng): string {
  const u = rng.next();
  if (u < 0.4) return `+1 ${200 + rng.int(800)}-555-01${digits(rng, 2)}`;
  if (u < 0.6) return `(${200 + rng.int(800)}) 555-01${digits(rng, 2)}`;
  if (u < 0.85) return `+44 7700 900${digits(rng, 3)}`;
  return `+61 491 570 ${digits(rng, 3)}`;
}
