// maskFreeText: planted personal data in Chinese and English ticket text is masked fully, with typed
// placeholders; prices, dates, times, percentages, short numbers and product names survive as written.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { luhnValid, maskFreeText } from '../pipeline/report/mask-text.ts';

const MODULE = resolve(import.meta.dirname, '../pipeline/report/mask-text.ts');

const KNOWN = {
  names: ['张伟', 'John Smith', '欧阳娜娜', '王小明'],
  emails: ['zhang.wei88@163.com'],
  phones: ['+86 139-0000-1111'],
};

/** Every digit run of 5+ and every @ left in masked text: what a scan of the built site would flag. */
const leftovers = (text: string): string[] => text.match(/\d{5,}|\d[\d -]{8,}\d|@/g) ?? [];

describe('planted personal data is masked', () => {
  const planted: [string, string][] = [
    [
      '您好，我是张伟，手机+86 138-1234-5678，邮箱zhang.wei88@163.com，地址北京市朝阳区建国路88号SOHO现代城5号楼2单元1203室，订单号 202405011234，身份证11010519491231002X。',
      '您好，我是[name]，手机[phone]，邮箱[email]，地址[address]，订单号 [order]，身份证[id]。',
    ],
    [
      'Hi, this is John Smith. Call me at +1 (415) 555-2671 or john.smith@example.com. I live at 1600 Pennsylvania Avenue NW, Washington, DC 20500. Order #A12345 arrived broken.',
      'Hi, this is [name]. Call me at [phone] or [email]. I live at [address]. Order #[order] arrived broken.',
    ],
    ['我住在阳光小区3栋2单元501，快递一直没到', '我住在[address]，快递一直没到'],
    ['寄到广东省深圳市南山区科技园南路18号', '寄到[address]'],
    ['收货地址：上海市浦东新区世纪大道100号环球金融中心45层', '收货地址：[address]'],
    ['Ship to 42 Baker St., Apt 4B, London please', 'Ship to [address], London please'],
    ['手机13812345678', '手机[phone]'],
    ['电话 138 1234 5678 或 0086-13812345678', '电话 [phone] 或 [phone]'],
    ['(+86) 13812345678，8613812345678', '[phone]，[phone]'],
    ['座机010-88889999，(0755) 8888 9999', '座机[phone]，[phone]'],
    ['UK: +44 20 7946 0958; US: 415-555-2671', 'UK: [phone]; US: [phone]'],
    ['手机尾号5678的那个账户', '手机尾号[phone]的那个账户'],
    ['银行卡尾号1234', '银行卡尾号[card]'],
    ['ＷＥＩ＠ＱＱ.ＣＯＭ，１３８１２３４５６７８', '[email]，[phone]'],
    ['邮箱是li_na-2020@company.com.cn谢谢', '邮箱是[email]谢谢'],
    ['身份证号 110105 19491231 002X', '身份证号 [id]'],
    ['card 4111 1111 1111 1111 and 4111111111111111', 'card [card] and [card]'],
    ['卡号6222021234567890123 扣了两次', '卡号[order] 扣了两次'],
    ['运单号SF1234567890123还没更新', '运单号SF[order]还没更新'],
    ['快递单号：YT7788123，工单号 A-2024-0042', '快递单号：[order]，工单号 [order]'],
    [
      'order no. 98765, tracking number: 1Z999AA1, ticket #4821',
      'order no. [order], tracking number: [order], ticket #[order]',
    ],
    ['订单12345678没发货', '订单[order]没发货'],
    ['see https://shop.example.com/track?id=123&email=a@b.com. ok', 'see [url]. ok'],
    ['邮箱zhangwei#163.com，或 john[at]example[dot]com，john at example dot com', '邮箱[email]，或 [email]，[email]'],
    ['加我微信：zhangwei_88，QQ 12345678，微信号是13812345678', '加我微信：[phone]，QQ [phone]，微信号是[phone]'],
    ['我叫李娜，收货人：王芳', '我叫[name]，收货人：[name]'],
    [
      'Hi, this is Mary Jones from Boston. My name is Tom. Regards, Anna',
      'Hi, this is [name] from Boston. My name is [name]. Regards, [name]',
    ],
  ];
  it.each(planted)('%s', (text, expected) => {
    const masked = maskFreeText(text, KNOWN);
    expect(masked).toBe(expected);
    expect(leftovers(masked)).toEqual([]);
  });

  it('masks a Luhn-valid bare card number as [card] and any other long run as [order]', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(maskFreeText('4111111111111111 / 4111111111111112')).toBe('[card] / [order]');
  });
});

describe("the customer's own name, e-mail and phone", () => {
  const cases: [string, string][] = [
    ['张先生说小张和老张都不在，张伟本人也不在', '[name]说[name]和[name]都不在，[name]本人也不在'],
    ['小明的快递丢了，王小明很生气，王女士也是', '[name]的快递丢了，[name]很生气，[name]也是'],
    ['欧阳女士反映娜娜的账户被扣费', '[name]反映[name]的账户被扣费'],
    [
      'Dear Mr. Smith, John asked; SMITH, JOHN signed; john smith too',
      'Dear [name], [name] asked; [name] signed; [name] too',
    ],
    ['Smith John wrote again', '[name] wrote again'],
    ['my login zhang.wei88 does not work', 'my login [email] does not work'],
    ['call 139 0000 1111 or +86 13900001111', 'call [phone] or [phone]'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(maskFreeText(text, KNOWN)).toBe(expected);
  });

  it('leaves a bare name without cue or title alone when no known data is given, and ignores empty known values', () => {
    // With a title (张先生) or a cue (spoke with John) it is masked: see "names of other people" below.
    expect(maskFreeText('张伟说 John is here')).toBe('张伟说 John is here');
    expect(maskFreeText('张伟说', { names: [null, '', '  '], emails: [undefined], phones: ['12'] })).toBe('张伟说');
  });

  it('does not touch the words inside placeholders', () => {
    expect(maskFreeText('Card and Order, a@b.com', { names: ['Email Card'] })).toBe('[name] and Order, [email]');
  });
});

describe('what must survive unmasked', () => {
  const survivors = [
    '价格¥299太贵了，￥1,299.00 也不便宜，299元，¥12345678 的大单',
    '$1,299.00, €45, £3.50, 12.5 USD',
    '2024-05-01 15:30下单，2024/05/01，2024年5月1日，20240501，5月1日 09:45',
    '打了30%折扣，涨价15%，0.12345678',
    'iPhone 15, Galaxy S24, RTX 4090, MacBook Pro 16, SKU-1234, A12345',
    '买了3件，等了12天，第2次投诉，1234',
    '12号下单13号发货，5号到货，3楼前台，5号电池',
    '我不知道3号能不能到，订单2024-05-01下的，订单3个',
    'I ordered 3 items, order shipped 5 days late, ticket #12, 2 Main points',
    'https://example.com/help and www.example.com',
    '快递在路上3天了，逛街2小时',
    'look at example.com, I love my wxhome app',
    '收件人电话不对，Hi, this is The worst',
  ];
  it.each(survivors)('%s', (text) => {
    expect(maskFreeText(text, KNOWN)).toBe(text);
  });
});

describe('speed on adversarial input', () => {
  const adversarial = [
    '1',
    'a',
    'a@',
    'a.',
    '+1 ',
    '1-',
    '1 ',
    '路',
    '北市',
    '1号',
    '阳光小区阳光小区3',
    '我住在北京市朝阳区建国路',
    'www.',
    'order no ',
    '1 Main ',
    '张先生138-1234-567订单号A1 ',
    'a#a.',
    'a at a dot ',
    'QQ ',
    'Hi, this is ',
  ];
  // A catastrophic backtrack blocks the thread, so vitest's own timeout could not stop it: the strings
  // run in a child process, and the kill switch (minutes, against well under a second) only turns a hang
  // into a failure. Each string is 100 KB of its unit repeated; the child prints each unit it finished.
  it('masks 100 KB of each repeated unit and finishes', () => {
    const script = [
      `import { maskFreeText } from ${JSON.stringify(MODULE)};`,
      `const known = ${JSON.stringify(KNOWN)};`,
      `for (const unit of ${JSON.stringify(adversarial)}) {`,
      '  maskFreeText(unit.repeat(Math.ceil(100000 / unit.length)).slice(0, 100000), known);',
      '  process.stdout.write(JSON.stringify(unit) + "\\n");',
      '}',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    // The diff names the first unit that did not finish.
    const finished = run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as string);
    expect({ signal: run.signal, stderr: run.stderr, finished }).toEqual({
      signal: null,
      stderr: '',
      finished: adversarial,
    });
  });
});
