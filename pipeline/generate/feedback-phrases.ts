// Phrase banks for the synthetic feedback text (feedback-text.ts composes them): fragments of tickets,
// survey comments, care notes and cancellation reasons in English and Chinese, written for this project.
// Complaint and praise fragments carry the words pipeline/config/voice-config.ts lists (delivery, price,
// quality, service, billing, app), so the themes found in the demo are the themes written into it.
// Placeholders filled by the composer: {item} {days} {hours} {times} {pct} {amount} {weekday}.
// Plain data: nothing here draws or decides.

export const THEME_CODES = ['delivery', 'price', 'quality', 'service', 'billing', 'app'] as const;
export type ThemeCode = (typeof THEME_CODES)[number];

type ByTheme = Record<ThemeCode, readonly string[]>;
/** Indexed by mood: 0 calm, 1 annoyed, 2 upset, 3 furious. */
type ByMood = readonly [readonly string[], readonly string[], readonly string[], readonly string[]];

export interface Bank {
  /** Between fragments: a space in English, nothing in Chinese (fragments carry their punctuation). */
  join: string;
  weekday: readonly string[];
  items: Record<string, readonly string[]>;
  opening: ByMood;
  closing: ByMood;
  inquiry: readonly string[];
  complaint: ByTheme;
  want: ByTheme;
  /** A mild complaint that follows "but" in a passive's comment. */
  mild: ByTheme;
  praise: ByTheme;
  praiseExtra: readonly string[];
  passiveStart: readonly string[];
  but: readonly string[];
  detractorExtra: readonly string[];
  /** An earlier ticket is still open: the new one says so. */
  escalation: readonly string[];
  /** The customer is on the way out. */
  leaving: readonly string[];
  care: CareBank;
  plant: PlantBank;
  cancel: Record<CancelReason, readonly string[]>;
  /** A second sentence some cancellations add. */
  cancelDetail: Record<CancelReason, readonly string[]>;
  /** Clause and sentence ends: ', ' and '.' in English, '，' and '。' in Chinese. */
  comma: string;
  stop: string;
}

export interface CareBank {
  topic: ByTheme;
  mood: ByMood;
  noAnswer: readonly string[];
  /** The head of a ticket follow-up note: {topic} is the customer's last complaint. */
  ticketHead: readonly string[];
  ticket: readonly string[];
  /** What was done, by the complaint's theme. */
  action: ByTheme;
  /** "said" before a mild complaint in a survey follow-up note. */
  said: readonly string[];
  reviewGood: readonly string[];
  satisfaction: readonly string[];
  review: readonly string[];
  retention: readonly string[];
  retentionYes: readonly string[];
  retentionNo: readonly string[];
  winBack: readonly string[];
  winBackWhy: readonly string[];
  winBackYes: readonly string[];
  winBackNo: readonly string[];
}

/** Frames for planted personal data: {phone} {email} {name} {order} {address}. */
export interface PlantBank {
  ownPhone: readonly string[];
  ownEmail: readonly string[];
  ownName: readonly string[];
  order: readonly string[];
  address: readonly string[];
  otherName: readonly string[];
  otherPhone: readonly string[];
  care: readonly string[];
}

export type CancelReason =
  | 'price'
  | 'increase'
  | 'unused'
  | 'service'
  | 'technical'
  | 'competitor'
  | 'moving'
  | 'payment';

export const EN: Bank = {
  join: ' ',
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  items: {
    electronics: ['headphones', 'charger', 'phone case', 'power bank', 'smart watch'],
    apparel: ['jacket', 'shoes', 'dress', 'jeans', 'winter coat'],
    home: ['kettle', 'lamp', 'bed sheets', 'frying pan', 'storage box'],
    beauty: ['face cream', 'shampoo', 'perfume', 'lipstick set'],
    grocery: ['coffee beans', 'tea set', 'snack box', 'olive oil'],
    books: ['book', 'cookbook', 'notebook set'],
    sports: ['yoga mat', 'running shoes', 'tennis racket', 'water bottle'],
    toys: ['lego set', 'puzzle', 'toy car', 'board game'],
  },
  opening: [
    ['Hi,', 'Hello,', 'Hi team,', 'Good morning,', 'Hello there,'],
    ['Hi,', 'Hello,', 'Not happy about this.', 'Hi, a problem again.'],
    ['This is really frustrating.', 'Very disappointed.', 'Honestly, this is poor.', 'Again?!', 'Seriously?'],
    ['Unacceptable!', 'I am furious.', 'This is ridiculous.', 'Worst experience ever.', 'What a joke.'],
  ],
  closing: [
    ['Thanks.', 'Thank you!', 'Regards', 'Thanks in advance.', 'Have a nice day.'],
    ['Thanks.', 'Please let me know.', 'Waiting for your answer.'],
    ['Waiting for your reply.', 'Sort this out please.', 'Not impressed.'],
    ['Fix it NOW.', 'Last warning.', 'Terrible.', 'I will post a review about this.'],
  ],
  inquiry: [
    'How do I change the delivery address of my order?',
    'Can I add a second {item} to my open order?',
    'Question about my plan: does it include free shipping?',
    'How do I update my payment method before the next bill?',
    'Can I pick up the {item} in a store instead?',
    'When will the {item} be back in stock?',
    'Is there a warranty on the {item}?',
    'Can I change my order to a bigger size?',
  ],
  complaint: {
    delivery: [
      'My parcel is {days} days late and the tracking has not moved since {weekday}.',
      'The courier marked my package as "delivered" but nothing arrived.',
      'I ordered the {item} on {weekday} and there is still no shipping update.',
      'Delivery was promised for {weekday}, it never arrived.',
      'The tracking number you sent shows nothing.',
      'The parcel was left outside in the rain and the {item} got wet.',
      'Shipping to my address took {days} days, far too slow.',
      'That is the third late delivery this month.',
    ],
    price: [
      'The price of the {item} went up {pct}% in a month.',
      'Why is there a shipping fee of {amount} on top of the price now?',
      'Your prices are higher than other shops for the same {item}.',
      'The discount plan used to be cheap, now it is overpriced.',
      'Too expensive for what you get.',
      'The price changed the day after I ordered the {item}.',
    ],
    quality: [
      'The {item} arrived damaged, the box was crushed.',
      'The {item} stopped working after {days} days.',
      'I received a defective {item}, it has a crack on the side.',
      'The quality is much worse than in the photos.',
      'This {item} looks like a fake, the logo is wrong.',
      'Second {item} in a row that is broken.',
    ],
    service: [
      'Your customer service agent was rude and hung up on me.',
      'I wrote {times} times and got no response.',
      'Nobody answered the chat for {hours} hours.',
      'The agent was unhelpful and just read a script.',
      'I feel ignored, every email gets the same template reply.',
      'Customer service keeps promising a callback that never comes.',
    ],
    billing: [
      'I was charged twice for the same order.',
      'My refund of {amount} has not been received after {days} days.',
      'The invoice shows the wrong amount.',
      'I was overcharged {amount} on my last bill.',
      'The auto-renewal charged my card without asking me.',
      'Still waiting for the refund you confirmed on {weekday}.',
    ],
    app: [
      'The app crashes every time I open the checkout.',
      'I cannot log in since the last update.',
      'The app freezes on the payment page.',
      'The login code never arrives, so I cannot log in.',
      'There is a bug in the app: my cart empties itself.',
      'The app is so slow it is unusable.',
    ],
  },
  want: {
    delivery: [
      'Please tell me where my parcel is.',
      'I want a refund if it does not come by {weekday}.',
      'Please send a replacement.',
      'Can you check with the courier?',
    ],
    price: ['Please honour the old price.', 'Can you apply the discount?', 'I want the difference back.'],
    quality: ['I want a replacement.', 'Please arrange a return.', 'Refund or replace it, please.'],
    service: ['I want to speak to a manager.', 'Please call me back today.', 'I expect a proper answer.'],
    billing: ['Please refund the extra charge.', 'Please fix the invoice.', 'Where is my money?'],
    app: ['Please fix it.', 'How can I order in the meantime?', 'Please reset my account.'],
  },
  mild: {
    delivery: ['delivery could be faster', 'the parcel came a day late', 'shipping takes a while'],
    price: ['prices went up lately', 'shipping is a bit expensive', 'the price is on the high side'],
    quality: ['the quality is not what it used to be', 'one item was damaged', 'the {item} feels cheap'],
    service: ['customer service takes long to reply', 'the agent was not very helpful'],
    billing: ['the invoice was confusing', 'the refund took a while', 'I was charged before shipping'],
    app: ['the app is a bit slow', 'the app logs me out often', 'login fails now and then'],
  },
  praise: {
    delivery: [
      'Fast delivery, the {item} arrived the next day.',
      'Delivery is always on time.',
      'The courier was quick and friendly.',
    ],
    price: ['Great value for the price.', 'Good prices and regular discounts.', 'The {item} was a bargain.'],
    quality: ['Excellent quality, the {item} feels solid.', 'The {item} is exactly as described.'],
    service: [
      'Customer service was very helpful and friendly.',
      'Great service, they solved my problem in minutes.',
      'The agent was patient and kind.',
    ],
    billing: ['The refund came back within two days, impressive.', 'Clear invoices and no surprises on the bill.'],
    app: ['Love the app, checkout is quick.', 'The app is easy to use.'],
  },
  praiseExtra: ['Will buy again.', 'Recommended to my friends.', 'Keep it up!', 'Thanks!', 'Five stars.', ''],
  passiveStart: ['OK overall,', 'Good products,', 'Mostly fine,', 'The {item} is nice,', 'Not bad,'],
  but: ['but'],
  detractorExtra: ['Very disappointed.', 'Will not buy again.', 'Not worth it.', 'Expected much better.', ''],
  escalation: [
    'My last ticket is still unresolved.',
    'I have contacted you {times} times about this.',
    'Nobody replied to my previous ticket either.',
    'Still waiting on my last request, and now this.',
  ],
  leaving: [
    'If this is not fixed I will close my account.',
    'I am moving to another shop.',
    'Thinking of cancelling everything.',
    'Never again.',
  ],
  care: {
    topic: {
      delivery: ['the late parcel', 'the missing package', 'the delivery delay'],
      price: ['the price increase', 'the shipping fee'],
      quality: ['the damaged {item}', 'the defective {item}'],
      service: ['the complaint about our agent', 'the unanswered emails'],
      billing: ['the double charge', 'the missing refund', 'the wrong invoice'],
      app: ['the app login problem', 'the app crashing at checkout'],
    },
    mood: [
      ['customer calm', 'customer friendly', 'customer relaxed'],
      ['customer a bit annoyed', 'customer impatient'],
      ['customer upset', 'customer frustrated', 'customer unhappy, complained about waiting'],
      ['customer very angry, raised voice', 'customer furious, threatened to leave', 'customer shouting'],
    ],
    noAnswer: ['Called, no answer, left a voicemail.', 'No answer twice, sent an SMS instead.'],
    ticketHead: ['Called about {topic};', 'Follow-up call on {topic};', 'Rang the customer re {topic};'],
    said: ['said', 'mentioned that', 'complained that'],
    reviewGood: [
      'happy with the service',
      'asked about the new collection',
      'no issues raised',
      'wants faster delivery',
    ],
    ticket: ['promised a callback within 24 h', 'offered a voucher', 'apologised and closed the ticket'],
    action: {
      delivery: ['escalated to logistics', 'courier re-sent the parcel', 'issued a refund for the shipping'],
      price: ['applied a price match', 'explained the new prices'],
      quality: ['replacement sent', 'return label emailed', 'issued a refund'],
      service: ['apologised for the agent', 'passed the complaint to the team lead'],
      billing: ['passed to the billing team', 'refund confirmed', 'corrected the invoice'],
      app: ['reset the login', 'passed to the app team', 'walked them through the update'],
    },
    satisfaction: ['Called after the low survey score;', 'Follow-up on survey reply;', 'Survey follow-up call;'],
    review: ['VIP account review;', 'Quarterly VIP call;'],
    retention: ['Retention call, offered {pct}% off the next order;', 'Retention offer by phone ({pct}% voucher);'],
    retentionYes: ['accepted the voucher', 'happy with the offer', 'will use it this week'],
    retentionNo: ['not interested', 'will think about it', 'said prices are too high anyway'],
    winBack: ['Win-back call;', 'Called a lapsed customer;'],
    winBackWhy: [
      'said they switched to another shop',
      'said delivery was too slow',
      'said it got too expensive',
      'had moved abroad',
      'unhappy with how the last complaint was handled',
    ],
    winBackYes: ['agreed to try again with the voucher', 'will come back for the sale'],
    winBackNo: ['not interested', 'asked not to be called again', 'declined the offer'],
  },
  plant: {
    ownPhone: ['Call me on {phone}.', 'My number is {phone}.', 'Reach me at {phone} please.'],
    ownEmail: ['Reply to {email}.', 'You can email me at {email}.', 'Please write to {email}, not the old address.'],
    ownName: ['Regards, {name}', 'My name is {name}.', 'Hi, this is {name}.'],
    order: ['Order #{order}.', 'Order no. {order}.', 'The order number is {order}.'],
    address: ['Please send it to {address}.', 'Delivery address: {address}.', 'I live at {address}.'],
    otherName: ['The courier, {name}, was rude.', 'My colleague {name} placed the order.'],
    otherPhone: ['My husband will pick up, his number is {phone}.', 'Call my assistant on {phone}.'],
    care: [
      'Callback number {phone}.',
      'Email updated to {email}.',
      'Ref order {order}.',
      'New address {address}.',
      'Spoke with {name}.',
    ],
  },
  cancel: {
    price: ['Too expensive for what I use.', 'Cheaper options elsewhere.', 'Cannot afford it right now.'],
    increase: [
      'The price went up again.',
      'Cancelling because of the price increase.',
      'Not paying more for the same.',
    ],
    unused: ['Not using it enough.', 'I barely watch anything any more.', 'No time to use it.'],
    service: ['Support never solved my problem.', 'Customer service ignored my tickets.', 'Rude support, I am done.'],
    technical: ['Too many technical problems.', 'The app keeps crashing.', 'Constant buffering, unusable.'],
    competitor: ['Switching to another service.', 'Found a better deal elsewhere.', 'A competitor has more content.'],
    moving: ['Moving abroad.', 'Moving to a new city.', 'Relocating for work.'],
    payment: ['Payment failed.', 'Billing problems every month.', 'Charged twice, cancelling.'],
  },
  cancelDetail: {
    price: ['Other services cost half as much.', 'Paying ${amount} a month is too much.'],
    increase: ['It went up {pct}% this year.', 'Nobody told me about the price increase.'],
    unused: ['Maybe I will be back in winter.', ''],
    service: ['I waited {days} days for an answer.', 'The agent was rude on the phone.'],
    technical: ['The app crashes on my TV.', 'Video keeps buffering every evening.'],
    competitor: ['Their price is better and the app works.', 'My friends all use the other one.'],
    moving: ['Thanks for everything.', ''],
    payment: ['I was charged twice last month.', 'The refund never arrived.'],
  },
  comma: ', ',
  stop: '.',
};

export const ZH: Bank = {
  join: '',
  weekday: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  items: {
    electronics: ['耳机', '充电器', '手机壳', '充电宝', '智能手表'],
    apparel: ['外套', '鞋子', '连衣裙', '牛仔裤', '羽绒服'],
    home: ['电水壶', '台灯', '床单', '炒锅', '收纳箱'],
    beauty: ['面霜', '洗发水', '香水', '口红套装'],
    grocery: ['咖啡豆', '茶具', '零食礼盒', '橄榄油'],
    books: ['书', '菜谱', '笔记本套装'],
    sports: ['瑜伽垫', '跑鞋', '网球拍', '水杯'],
    toys: ['乐高', '拼图', '玩具车', '桌游'],
  },
  opening: [
    ['你好，', '您好，', '麻烦问一下，', '客服你好，', ''],
    ['你好，', '有点不满意，', '又遇到问题了，', ''],
    ['真的很失望，', '太让人生气了，', '又出问题了！', '说实话很无语，'],
    ['太过分了！', '简直离谱！', '气死了！', '忍无可忍，', '什么破服务！'],
  ],
  closing: [
    ['谢谢！', '谢谢。', '辛苦了。', '麻烦了，谢谢。', ''],
    ['谢谢。', '请尽快回复。', ''],
    ['等你们回复。', '请给个说法。', ''],
    ['马上处理！', '投诉到底！', '差评！', '我会去12315投诉。'],
  ],
  inquiry: [
    '请问怎么修改订单的收货地址？',
    '请问能在订单里再加一个{item}吗？',
    '请问我的套餐包邮吗？',
    '下次扣费前怎么更换支付方式？',
    '{item}可以到店自提吗？',
    '请问{item}什么时候补货？',
    '{item}有保修吗？',
  ],
  complaint: {
    delivery: [
      '快递{days}天了还没到，物流信息{weekday}之后就没更新过。',
      '显示"已签收"，但我根本没收到包裹。',
      '{weekday}下的单，到现在还没发货。',
      '说好{weekday}送到，结果又延迟了。',
      '物流单号查不到任何信息。',
      '配送员没打电话就把包裹扔在门口，{item}都淋湿了。',
      '这个月第三次到货延迟了。',
    ],
    price: [
      '{item}一个月涨价{pct}%，太贵了。',
      '同样的{item}别家便宜很多，你们价格太高。',
      '运费又涨了，性价比越来越低。',
      '折扣套餐现在一点都不便宜了。',
      '刚下单第二天就降价，价格说变就变。',
    ],
    quality: [
      '收到的{item}有破损，盒子都压扁了。',
      '{item}用了{days}天就坏了。',
      '质量和图片差太多，做工很粗糙。',
      '怀疑是假货，{item}的logo都不对。',
      '连续两次收到次品。',
    ],
    service: [
      '客服态度很差，说两句就挂电话。',
      '反馈了{times}次都没人回复。',
      '在线客服等了{hours}个小时没人理。',
      '客服一直敷衍，只会复制粘贴。',
      '说好回电，到现在也没人联系我。',
    ],
    billing: [
      '同一笔订单被重复扣款了。',
      '退款{amount}元{days}天了还没到账。',
      '发票金额不对。',
      '上个月账单多扣了{amount}元。',
      '没经过我同意就自动续费扣款。',
    ],
    app: [
      '应用一到结账就闪退。',
      '更新以后一直登录不了。',
      '付款页面卡顿，点了没反应。',
      '验证码收不到，无法登录。',
      '应用有bug，购物车里的东西自己没了。',
      '应用打不开，一直白屏。',
    ],
  },
  want: {
    delivery: ['请尽快查一下包裹在哪。', '{weekday}再不到就给我退款。', '请重新发货。', '麻烦催一下快递。'],
    price: ['希望按原价处理。', '能不能补个差价？', '请给个优惠。'],
    quality: ['要求换货。', '请安排退货。', '退款或者换新。'],
    service: ['我要投诉，请主管联系我。', '请今天给我回电话。', '请给个正式答复。'],
    billing: ['请把多扣的钱退给我。', '请重开发票。', '钱到底什么时候退？'],
    app: ['请尽快修复。', '现在要怎么下单？', '请帮我重置账号。'],
  },
  mild: {
    delivery: ['物流有点慢', '快递晚了一天', '发货有点慢'],
    price: ['最近涨价了', '运费有点贵', '价格偏高'],
    quality: ['质量不如以前', '有一件有点破损', '{item}做工一般'],
    service: ['客服回复有点慢', '客服不太专业'],
    billing: ['发票有点乱', '退款等了挺久', '还没发货就扣款了'],
    app: ['应用有点卡顿', '应用经常要重新登录', '偶尔登录不了'],
  },
  praise: {
    delivery: ['物流很快，{item}第二天就到了。', '配送一直很准时。', '快递小哥送货很快，态度也好。'],
    price: ['价格实惠，性价比高。', '经常有优惠，很划算。', '{item}买得很值。'],
    quality: ['质量很好，{item}很结实。', '{item}和描述一致，做工精细。'],
    service: ['客服很耐心，态度非常好。', '客服几分钟就解决了问题，服务很好。', '售后很贴心。'],
    billing: ['退款两天就到账了，很给力。', '账单清楚，没有乱扣费。'],
    app: ['应用很好用，结账很快。', '应用很流畅，用着方便。'],
  },
  praiseExtra: ['还会再买。', '推荐给朋友了。', '继续加油！', '五星好评！', '非常满意。', ''],
  passiveStart: ['总体还可以，', '东西还行，', '{item}不错，', '一般般，', '还好，'],
  but: ['就是', '但是', '不过'],
  detractorExtra: ['太失望了。', '不会再买了。', '不推荐。', '体验很差。', ''],
  escalation: [
    '上次的工单到现在还没解决，',
    '这是第{times}次反馈了，',
    '之前的问题也没人处理，',
    '上个问题还没解决又来一个，',
  ],
  leaving: ['再不解决我就注销账号了。', '已经在考虑换别家了。', '以后不会再买了。', '准备退会员了。'],
  care: {
    topic: {
      delivery: ['包裹延迟', '包裹未收到', '物流延误'],
      price: ['涨价问题', '运费问题'],
      quality: ['{item}破损', '{item}质量问题'],
      service: ['对客服的投诉', '邮件没人回复'],
      billing: ['重复扣款', '退款未到账', '发票错误'],
      app: ['应用无法登录', '应用结账闪退'],
    },
    mood: [
      ['客户情绪平稳', '客户态度友好', '客户很客气'],
      ['客户有些不耐烦', '客户略有不满'],
      ['客户很不高兴', '客户抱怨等太久', '客户情绪不好'],
      ['客户非常生气，语气激动', '客户很愤怒，说要投诉', '客户情绪激动，说要销户'],
    ],
    noAnswer: ['电话未接通，已留言。', '两次未接通，已发短信。'],
    ticketHead: ['回访{topic}：', '跟进{topic}：', '致电客户处理{topic}：'],
    said: ['反映', '提到', '抱怨'],
    reviewGood: ['对服务很满意', '询问了新品', '没有提出问题', '希望物流再快一点'],
    ticket: ['承诺24小时内回电', '送了一张优惠券', '已致歉并关闭工单'],
    action: {
      delivery: ['已转物流部门跟进', '已安排重新发货', '已退运费'],
      price: ['已按原价补差', '已解释新价格'],
      quality: ['已安排换货', '已发退货单', '已安排退款'],
      service: ['已代客服致歉', '已转组长处理投诉'],
      billing: ['已转账务组处理', '已确认退款', '已重开发票'],
      app: ['已重置登录', '已转技术部门', '已指导客户更新应用'],
    },
    satisfaction: ['问卷低分回访：', '问卷回访：', '满意度回访：'],
    review: ['VIP客户定期回访：', 'VIP季度回访：'],
    retention: ['挽留电话，赠送{pct}%折扣券：', '挽留回访（{pct}%优惠券）：'],
    retentionYes: ['接受了优惠', '表示这周会用', '对优惠挺满意'],
    retentionNo: ['不感兴趣', '说再考虑', '说价格还是太贵'],
    winBack: ['挽回电话：', '流失客户回访：'],
    winBackWhy: ['客户说已经换了别家', '客户说物流太慢', '客户说太贵了', '客户已出国', '客户对上次投诉的处理不满'],
    winBackYes: ['同意用优惠券再试试', '说大促时会回来'],
    winBackNo: ['不感兴趣', '要求不要再打电话', '拒绝了优惠'],
  },
  plant: {
    ownPhone: ['我的电话{phone}。', '请打{phone}联系我。', '回电请打{phone}。'],
    ownEmail: ['请回复到{email}。', '邮箱：{email}。'],
    ownName: ['我叫{name}。', '收货人：{name}。'],
    order: ['订单号{order}。', '订单编号：{order}。', '运单号{order}。'],
    address: ['收货地址：{address}。', '请寄到{address}。', '我住在{address}。'],
    otherName: ['快递员{name}态度很差。', '是我同事{name}帮我下的单。'],
    otherPhone: ['我老公来取，他电话{phone}。', '请联系我家人{phone}。'],
    care: ['回电号码{phone}。', '邮箱改为{email}。', '相关订单{order}。', '新地址{address}。', '与{name}通话。'],
  },
  cancel: {
    price: ['太贵了，用不起。', '别家更便宜。', '价格太高了。'],
    increase: ['又涨价了。', '涨价了，不续了。', '同样的服务凭什么涨价。'],
    unused: ['用得太少了。', '最近基本没看。', '没时间用。'],
    service: ['客服一直没解决问题。', '工单没人理。', '客服态度太差。'],
    technical: ['技术问题太多。', '应用老是闪退。', '一直缓冲，没法看。'],
    competitor: ['换用其他服务了。', '别家活动更划算。', '别的平台内容更多。'],
    moving: ['要搬到国外了。', '搬家了。', '工作调动去外地。'],
    payment: ['扣款失败。', '每个月扣费都有问题。', '重复扣款，不用了。'],
  },
  cancelDetail: {
    price: ['别家只要一半的价格。', '每月{amount}元太贵了。'],
    increase: ['今年涨了{pct}%。', '涨价也没提前通知。'],
    unused: ['可能冬天再回来。', ''],
    service: ['等了{days}天都没人回复。', '客服电话里态度很差。'],
    technical: ['电视上的应用老是闪退。', '每天晚上都卡顿缓冲。'],
    competitor: ['别家价格更低，应用也好用。', '朋友都在用别家。'],
    moving: ['谢谢这几年的服务。', ''],
    payment: ['上个月被重复扣款。', '退款一直没到账。'],
  },
  comma: '，',
  stop: '。',
};

/** Chinese words a mixed writer says in English, spaced so the English keyword reads as a word. */
export const MIXED_SWAPS: readonly (readonly [string, string])[] = [
  ['应用', ' app '],
  ['退款', ' refund '],
  ['快递', ' courier '],
  ['订单', ' order '],
  ['发票', ' invoice '],
  ['客服', ' customer service '],
  ['优惠券', ' coupon '],
];
export const MIXED_OPENING: readonly string[] = ['Hi，', 'Hello，', 'hi ', ''];
export const MIXED_CLOSING: readonly string[] = ['thx', 'pls check asap', 'thanks!', 'OK?', ''];

export const ZH_CITIES: readonly (readonly [string, readonly string[]])[] = [
  ['北京市', ['朝阳区', '海淀区', '东城区']],
  ['上海市', ['浦东新区', '徐汇区', '静安区']],
  ['广州市', ['天河区', '越秀区']],
  ['深圳市', ['南山区', '福田区']],
  ['杭州市', ['西湖区', '滨江区']],
  ['成都市', ['武侯区', '锦江区']],
];
export const ZH_ROADS: readonly string[] = ['建国路', '中山路', '人民路', '解放大道', '长安街', '南京路', '科技园路'];
export const EN_STREETS: readonly string[] = ['Baker', 'Maple', 'Oak', 'Station', 'Church', 'Victoria', 'Park'];
export const EN_STREET_TYPES: readonly string[] = ['Street', 'Road', 'Avenue', 'Lane'];
