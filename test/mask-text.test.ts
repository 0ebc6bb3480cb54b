// maskFreeText: planted personal data in Chinese and English ticket text is masked fully, with typed
// placeholders; prices, dates, times, percentages, short numbers and product names survive as written.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory, type CustomerRow, type EventRow } from '../pipeline/generate/generator.ts';
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

  it('masks a name stored with a quoted nickname, the nickname too', () => {
    expect(maskFreeText('Regards, Robert "Rob" Campbell. Rob said hi', { names: ['Robert "Rob" Campbell'] })).toBe(
      'Regards, [name]. [name] said hi',
    );
  });

  it('masks a stored phone with a country code where the text leaves the code out, and spaced North American numbers', () => {
    expect(maskFreeText('my number 415 555 0199 again', { phones: ['+1 415 555 0199'] })).toBe(
      'my number [phone] again',
    );
    expect(maskFreeText('call 415 555 2671 or (212) 555 0100')).toBe('call [phone] or [phone]');
    expect(maskFreeText('2024 05 01, 123 items')).toBe('2024 05 01, 123 items');
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

describe('names of other people: after a role or contact cue, with a title, or a given name and surname', () => {
  const named: [string, string][] = [
    ['The courier, Liam Davis, was rude.', 'The courier, [name], was rude.'],
    ['My colleague Priya Raman placed the order for me.', 'My colleague [name] placed the order for me.'],
    ["The driver (Marcus O'Neill) left the parcel in the rain.", 'The driver ([name]) left the parcel in the rain.'],
    [
      'I talked to your agent Kelly yesterday, she promised a refund.',
      'I talked to your agent [name] yesterday, she promised a refund.',
    ],
    ['My wife Jennifer ordered it, not me.', 'My wife [name] ordered it, not me.'],
    ['Customer says her husband Will Turner cancelled it.', 'Customer says her husband [name] cancelled it.'],
    ['Please ask for Dr. Alan Whitfield when you call.', 'Please ask for [name] when you call.'],
    ['Mrs Okafor from the billing team never called back.', '[name] from the billing team never called back.'],
    ['Left a voicemail for Daniel Kim, no answer.', 'Left a voicemail for [name], no answer.'],
    ['Escalated to supervisor Grace Liu.', 'Escalated to supervisor [name].'],
    ['Emailed Rachel; she will send the invoice.', 'Emailed [name]; she will send the invoice.'],
    ['Our neighbour, Mr. Patel, signed for the box.', 'Our neighbour, [name], signed for the box.'],
    [
      'The delivery guy, Kevin, threw it over the fence. Thanks, Olivia!',
      'The delivery guy, [name], threw it over the fence. Thanks, [name]!',
    ],
    ['I was served by Hannah Schmidt at the Leeds store.', 'I was served by [name] at the Leeds store.'],
    [
      'Last week Jessica Moreno from your team promised a callback.',
      'Last week [name] from your team promised a callback.',
    ],
    ['Can Michael Thompson call me back?', 'Can [name] call me back?'],
    ['Sarah Chen placed the order on my account.', '[name] placed the order on my account.'],
    ['The technician, José Martínez, fixed nothing.', 'The technician, [name], fixed nothing.'],
    ["My son's teacher, Ms Harrington, recommended this.", "My son's teacher, [name], recommended this."],
    ["Contacted the customer's daughter, Emily Rose Carter.", "Contacted the customer's daughter, [name]."],
    ['Per Jordan in shipping, the label was wrong.', 'Per [name] in shipping, the label was wrong.'],
    ['Transferred to Aiden Walsh, who was helpful.', 'Transferred to [name], who was helpful.'],
    ['I met with Oluwaseun Adeyemi from your warehouse.', 'I met with [name] from your warehouse.'],
    ['Spoke with Smith, Laura. Spoke with @mike_r on chat.', 'Spoke with [name]. Spoke with [name] on chat.'],
    ['Spoke with 王芳 about the refund.', 'Spoke with [name] about the refund.'],
    ['快递员李强态度很差', '快递员[name]态度很差'],
    ['是我同事张敏帮我下的单', '是我同事[name]帮我下的单'],
    ['与王建国通话，客户同意退货', '与[name]通话，客户同意退货'],
    ['送货员赵鹏把包裹扔在门口了', '送货员[name]把包裹扔在门口了'],
    ['客服小周说马上处理，结果没人管', '客服[name]说马上处理，结果没人管'],
    ['跟孙丽娟确认了地址', '跟[name]确认了地址'],
    ['我老公陈志明在家，麻烦送到门口', '我老公[name]在家，麻烦送到门口'],
    ['骑手郭晓东迟到了一个小时', '骑手[name]迟到了一个小时'],
    ['找胡经理反映过三次了，林女士的订单还没退款', '找[name]反映过三次了，[name]的订单还没退款'],
    ['联系了欧阳文静，她说下周发货', '联系了[name]，她说下周发货'],
    ['维修师傅马建军说零件缺货', '维修师傅[name]说零件缺货'],
    ['邻居何雨涵帮我代收的快递', '邻居[name]帮我代收的快递'],
    ['致电黄淑芬，无人接听', '致电[name]，无人接听'],
    ['对接人：宋佳，电话稍后给', '对接人：[name]，电话稍后给'],
    ['谢老师推荐我买的这款，王总说这批货周末前到', '[name]推荐我买的这款，[name]说这批货周末前到'],
    ['店长曾志伟答应给我补发', '店长[name]答应给我补发'],
    ['打给司马光了，他说不知道', '打给[name]了，他说不知道'],
    ['前台的周小姐很热情，和王为民通话后解决了', '前台的[name]很热情，和[name]通话后解决了'],
    ['安装师傅老刘来了两次都没装好', '安装师傅[name]来了两次都没装好'],
    ['快递员Kevin态度很差，和Emily Watson通话', '快递员[name]态度很差，和[name]通话'],
    // A mixed text that swapped 快递 for "courier" keeps 员 as the cue.
    ['Hi， courier 员李娜态度很差', 'Hi， courier 员[name]态度很差'],
  ];
  it.each(named)('%s', (text, expected) => {
    expect(maskFreeText(text)).toBe(expected);
  });

  // Each trap rides with a sentence that does name someone, so a row fails where names are not masked
  // at all, and passes only where the name goes and the trap stays as written.
  const traps = [
    'I paid with Apple Pay and it still failed.',
    'The store in New York was out of stock on Black Friday.',
    'I called Customer Service twice on Monday.',
    'Will you refund me by Friday? Hi, Will you help me?',
    'Grace period ended in May, but the charge came in June.',
    'The Rose Gold case arrived scratched. Chase Bank says the payment went through.',
    'Spoke with Customer Support, they were no help.',
    'Dear Sir or Madam, my order is late. Hi Team, any update?',
    'We shipped it from San Francisco via FedEx.',
    'The Jordan shoes were the wrong size. Mark my words, I will never buy here again.',
    'Thanks to Amazon Prime it came early.',
    'My Best Friends Wedding DVD was scratched.',
    'I bought an iPhone 15 Pro Max and a MacBook Air.',
    'Happy New Year to the whole team! Christmas Eve delivery was promised.',
    'The courier left it at the door. Spoke with the manager, who apologised.',
    'My colleague and I both ordered one. Called, no answer, left a voicemail.',
    'Per Month pricing is too high. Thanks, Summer sale was great.',
    'My Order Was Never Delivered And Nobody Called Me Back',
    'I asked for a refund, then for the manager. Best regards from London.',
    '王者荣耀的皮肤充值没到账',
    '收到很高兴，黄金首饰做工不错',
    '张贴的价格和结算金额不一样，李子坏了好几个',
    '周末能送到吗？马上要用',
    '朱红色和白色都要，石头纹理的手机壳',
    '林间小路不好走，快递员说送不进来',
    '客服马上回复了，很方便',
    '和顾客沟通一下，方便的话周末送',
    '跟高铁站的快递点联系方式一样',
    '申请退款后余额没变，客户严重不满',
    '谢谢快递师傅，下雨天还送上门',
    '相关经理会联系您，安装师傅很专业',
    '我和朋友都买了，与其等待不如退货',
    '问何时发货，客服说周一',
    '华为手机和小米手环，郑州仓发货太慢',
    '高级会员的金额怎么算，付款以后就没消息了',
    '江苏和温州的仓库都没货，和金额对不上',
    '快递员把包裹放在了门卫室，客服小姐姐态度很好',
  ];
  it.each(traps)('%s', (trap) => {
    const zh = /\p{Script=Han}/u.test(trap);
    const [name, masked] = zh
      ? ['快递员李强态度很差。', '快递员[name]态度很差。']
      : [' Spoke with Tom Baker.', ' Spoke with [name].'];
    expect(maskFreeText(trap + name)).toBe(trap + masked);
  });
});

describe('names in the demo text', () => {
  // The generator plants names in tickets, care notes and survey comments: the writer's own, another
  // customer's, or a stranger's. Every customer's name that a text holds must be gone once the text is
  // masked with its writer's contact data, and every planted frame must carry [name].
  it('leaves no customer name in any text of 2,000 customers and masks every planted name', () => {
    const customers = new Map<string, CustomerRow>();
    const texts: EventRow[] = [];
    generateHistory(
      { customers: 2000, seed: 5 },
      {
        customer: (c) => customers.set(c.customer_id, c),
        event: (e) => (['support_ticket', 'care_contact', 'survey'].includes(e.type) && e.text ? texts.push(e) : 0),
      },
    );
    // Real names only: the generator also stores '-', '@handles' and formula-like values as names.
    const names = [...new Set([...customers.values()].map((c) => c.name ?? ''))].filter((n) =>
      /^(?:\p{Script=Han}{2,4}|[A-Z][A-Za-z' ,"-]{3,60})$/u.test(n),
    );
    const frames = [
      /The courier, (.+?), was rude\./,
      /My colleague (.+?) placed the order\./,
      /Spoke with (.+?)\.(?: |$)/,
      /快递员(.+?)态度很差。/,
      /是我同事(.+?)帮我下的单。/,
      /与(.+?)通话。/,
    ];
    const leaks: string[] = [];
    let withName = 0;
    let planted = 0;
    for (const e of texts) {
      const c = customers.get(e.customer_id) as CustomerRow;
      const text = e.text as string;
      const masked = maskFreeText(text, { names: [c.name], emails: [c.email], phones: [c.phone] });
      for (const name of names.filter((n) => text.includes(n))) {
        withName++;
        // The full name, and each part of a Latin name as a word (a surname left behind is a leak too).
        const parts = /\p{Script=Han}/u.test(name) ? [name] : name.split(/[ ,"]+/).filter((p) => p.length >= 3);
        if (parts.some((p) => new RegExp(`(?<![A-Za-z])${p}(?![A-Za-z])`).test(masked))) leaks.push(masked);
      }
      for (const frame of frames) {
        if (!frame.test(text)) continue;
        planted++;
        if (frame.exec(masked)?.[1] !== '[name]') leaks.push(masked);
      }
    }
    expect(leaks).toEqual([]);
    expect(withName).toBeGreaterThan(20);
    expect(planted).toBeGreaterThan(30);
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
    'Aa ',
    'Sarah ',
    'Sarah A. ',
    'Mr ',
    'Dr. A',
    'courier, ',
    'spoke with ',
    'Spoke with Aa, ',
    'San ',
    '"Aa" ',
    'A'.repeat(30) + 'a',
    '快递员',
    '与王',
    '王先',
    '跟王建',
    '员李',
    '联系了 ',
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
