// Personal data planted inside feedback text for the Voice of the customer tests (issue 20: zero personal
// data from free text in the built site): customers with their own contact fields, complaints that carry
// those and other people's names, phones in several formats, e-mails, order numbers and street addresses,
// and the strings that must appear nowhere in what is published.

export interface PlantedCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
}

/** Writers whose own name, e-mail and phone also appear inside their texts. */
export const WRITERS: PlantedCustomer[] = [
  { id: 'P1', name: '李建国', email: 'lijianguo@example.cn', phone: '+86 136 0000 1111' },
  { id: 'P2', name: 'Margaret Thornton', email: 'm.thornton@example.com', phone: '415-555-0199' },
];

/** Negative, theme-tagged complaints by writer id (delivery, billing, app: each reads negative in the lexicon). */
export const PLANTED_TEXTS: Record<string, string[]> = {
  P1: [
    '快递太慢了，非常失望！我叫王小明，电话 +86 138 1234 5678，订单号 2024051800123，地址 北京市朝阳区光华路88号3号楼2单元501室，李先生请回电，或发邮件 wangxm@163.com',
    '物流太差了，很失望，请联系 (+86)137 2468 1357 或 139-8765-4321，收货人：赵丽华，我的邮箱 lijianguo@example.cn，电话 136-0000-1111，李建国',
  ],
  P2: [
    'Delivery was late again, terrible and very disappointing. My name is Jonathan Whitaker, call me on 212-555-0147 or 010-87654321, email j.whitaker@example.org, order no. 88812345, 221 Baker Street. Regards, Margaret Thornton, m.thornton@example.com, 415-555-0199',
    'Charged twice, awful billing and I am angry. Refund to Margaret please, invoice 5566778899, call 415-555-0199',
  ],
};

/** What must not appear in anything published (the writers' contact fields as written above included). */
export const FORBIDDEN = [
  '王小明',
  '小明',
  '赵丽华',
  '李建国',
  '建国',
  '李先生',
  '138 1234 5678',
  '1234 5678',
  '2468 1357',
  '8765-4321',
  '87654321',
  '0000 1111',
  '0000-1111',
  '2024051800123',
  '光华路',
  '501室',
  'wangxm',
  'lijianguo',
  'Jonathan',
  'Whitaker',
  'whitaker',
  'Margaret',
  'Thornton',
  'thornton',
  '555-0147',
  '555-0199',
  '88812345',
  '5566778899',
  'Baker Street',
];

/** Forbidden strings found in a published text, with a little context each. */
export function plantedIn(text: string): string[] {
  const found: string[] = [];
  for (const s of FORBIDDEN) {
    const i = text.indexOf(s);
    if (i >= 0) found.push(`${s} in …${text.slice(Math.max(0, i - 40), i + s.length + 40)}…`);
  }
  return found;
}
