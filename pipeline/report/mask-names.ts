// Names of people in free text that nothing introduces as the writer's own: the courier, a colleague,
// the agent a care note was taken with ("The courier, Liam Davis, was rude", "Spoke with Tom Baker.",
// "快递员李强态度很差", "与王建国通话"). mask-text.ts runs it before its known-name pass; pure and linear.
//
// A name is recognised by its context, never by knowing the person:
//   English. (a) After a role or contact cue (courier, agent, colleague, my wife, spoke with, emailed,
//   thanks, Dear ...): one to four capitalised words, a Han name or an @handle. (b) A title (Mr, Mrs,
//   Ms, Dr ...) and what follows it, title included. (c) Without a cue: two or three capitalised words
//   whose first is a common given name. A given name that is also an ordinary word, place or brand
//   (Will, Grace, Jordan, Chase) counts only inside a sentence, never as its first word.
//   Chinese. (d) A common surname (the ~140 most common single-character ones and the compound ones)
//   with one or two given-name characters after a role or contact cue (快递员 / 同事 / 客服 / 与 / 跟 /
//   联系 ...), and a Latin name after such a cue. The given name stops before a character that names
//   are seldom made of and sentences go on with (态 说 把 给 在 的 了 很 也 帮 ...), so the verb stays:
//   快递员李强态度很差 -> 快递员[name]态度很差. (e) A surname (with or without a given name) before a
//   title: 王先生, 李建国经理, 陈总.
// Words that begin with a surname character (高兴, 黄金, 方便, 马上, 顾客, 付款 ...) are listed and left
// alone; a few ordinary capitalised words (Customer Service, Apple Pay, Monday) stop an English name.
// Over-masking a little is accepted (privacy first): "Dr. Martens" and "a shop called Best Buy" go too.
//
// The English given names are written for this module from the most frequent names of the US Social
// Security Administration's baby-name tables (public domain), with common British, Irish, Spanish,
// Indian, Arabic and pinyin ones. The surnames are the most common Chinese surnames of the 2020 census
// ranking (公安部 2020 年全国姓名报告), without a few that are mostly ordinary words (时, 路, 车, 包, 单).

const NAME_TAG = '[name]';
const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

// ---- Lists -----------------------------------------------------------------------------------------
const GIVEN_EN = words(`
  James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony
  Donald Steven Stephen Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan
  Jacob Gary Nicholas Eric Jonathan Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick
  Raymond Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy
  Keith Roger Terry Gerald Harold Sean Carl Arthur Lawrence Dylan Jesse Bryan Billy Bruce Gabriel Logan
  Albert Willie Alan Allan Juan Wayne Elijah Randy Vincent Ralph Eugene Russell Bobby Philip Phillip Louis
  Liam Oliver Lucas Aiden Jackson Sebastian Mateo Owen Theodore Caleb Isaac Luke Julian Levi Grayson Leo
  Jaxon Asher Wyatt Connor Cameron Evan Nolan Colton Dominic Adrian Ian Blake Carson Trevor Derek Travis
  Shawn Marcus Victor Jared Cody Martin Curtis Craig Alex Tom Tommy Jim Jimmy Bob Bobbie Robbie Mike Dave
  Danny Dan Matt Tony Andy Steve Nick Chris Ben Sam Joe Jake Josh Tim Ted Eddie Fred Freddie Harry Charlie
  Alfie Archie Oscar Toby Jamie Callum Kieran Rhys Declan Finn Rory Niall Seamus Hamish Angus Ewan Graham
  Malcolm Neil Nigel Colin Clive Barry Gareth Darren Stuart Gavin Ahmed Ahmad Mohammed Mohammad Muhammad
  Omar Ali Hassan Hussein Yusuf Ibrahim Mustafa Khalid Raj Rahul Arjun Vikram Sanjay Amit Rohan Ravi Suresh
  Carlos Luis Miguel Diego Pedro Antonio Manuel Javier Francisco Jorge Ricardo Alejandro Rafael Fernando
  Andre Marco Giovanni Pierre Hans Klaus Lars Sven Ivan Dmitri Sergei Kenji Hiroshi Takeshi Ethan Elliot
  Elliott Harrison Jonah Micah Ezra Silas Jasper Felix Hugo Emmett Beau Kai Zane Jayden Brayden Landon
  Bentley Easton Xavier Jeffery Glenn Howard Harvey Stanley Leonard Norman Francis Herbert Clarence Ernest
  Melvin Vernon Lloyd Leroy Floyd Marvin Edwin Alvin Lewis Wesley Dale Todd Troy Brett Brent Shane Kurt
  Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra
  Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura
  Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra
  Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Kelly Lauren Christina Joan
  Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Anne Sara Frances Kathryn
  Janice Abigail Alice Judy Sophia Sophie Denise Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie
  Brittany Charlotte Marie Kayla Alexis Lori Ava Mia Amelia Ella Avery Camila Aria Scarlett Chloe Layla Zoe
  Zoey Penelope Nora Eleanor Ellie Audrey Bella Claire Lucy Caroline Emilia Maya Naomi Aaliyah Elena Ariana
  Allison Gabriella Sadie Hailey Eva Leah Cora Josephine Isla Poppy Freya Phoebe Imogen Sienna Evie Millie
  Rosie Jasmine Kate Katie Kathy Kim Jen Jenny Liz Beth Becky Sally Molly Polly Peggy Maggie Meg Annie Nikki
  Tina Gina Rita Wendy Tracy Tracey Stacy Jane Joanne Louise Fiona Siobhan Aoife Niamh Ciara Sinead Gemma
  Kirsty Shona Zara Aisha Fatima Priya Anjali Sunita Ananya Deepa Neha Pooja Ana Lucia Carmen Rosa Isabel
  Adriana Gabriela Valentina Natalia Ingrid Astrid Greta Sakura Yuki Olga Svetlana Irina Anastasia Tatiana
  Alison Vanessa Veronica Monica Erica Erin Tiffany Melanie Courtney Crystal Lindsay Lindsey Kristen Kristin
  Leslie Tammy Tara Tanya Yvonne Yolanda Bonnie Connie Lorraine Norma Marion Marjorie Mildred Lillian Edith
  Ethel Irene Florence Agnes Gladys Esther Vera Rebekah Miranda Bethany Abby Hayley Holly Jade Jodie Kerry
  Leanne Lydia Mandy Nina Paula Shannon Sheila Sonia Stacey Susie Vicky Vicki Yasmin Zainab Mariam Nadia Layla
  Wei Jing Min Lei Yan Fang Jun Ying Hui Xin Jie Tao Ming Hao Chao Qiang Ping Hong Ling Xiu Xiao Yong Gang Hua
  Zhang Wang Liu Chen Yang Huang Zhao Zhou Zhu Guo Luo Zheng Liang Xie Feng Deng Cao Peng Zeng Tian Pan Yuan
  Cai Jiang Cheng Ding Shen Zhong Cui Qin Qiu Jia
`);
// Given names that are also ordinary words, places or brands: never the first word of a sentence.
const GIVEN_WORDS = words(`
  Will Mark Bill Frank Jack Grace Joy Hope Faith Rose Ruby Amber Ivy Daisy Lily Hazel Dawn
  Pearl Iris Violet Stella Sky Skylar Riley Harper Hunter Carter Cooper Mason Chase Dean Lee Ray Roy Rich
  Art Pat Sue Max Jordan Austin Madison Brooklyn Savannah Virginia Victoria Georgia Carolina Lincoln Hudson
  Genesis Nova Aurora Luna Kennedy Quinn Paisley Willow Piper Serenity Trinity Jean Christian Angel Rusty
  Sandy Candy Penny Kitty Rob Drew Lance Gene Glen Don Guy Earl Taylor Parker Avery Sydney Paris Chelsea
  Hope Miles Reed Wade Cole Grant Pierce Page Rod Sterling Heath Forrest Cliff Clay Dallas Dakota Cherry
  Destiny Harmony Melody Journey Sunny Misty Brandy Tiffany Crystal Ginger Olive Poppy Jasmine Sage Rowan
  Ash Bishop Major Royal Bo Bo Li Yu Su Wu Xu Hu Ma Lin Gao Han Sun Song Fan Jin Bai Du Ye Lu Tang
`);
const GIVEN = new Set(GIVEN_EN);
const GIVEN_WORD = new Set(GIVEN_WORDS.filter((w) => !GIVEN.has(w)));

// Capitalised words that are not names: they end a name or stop one from starting.
const NOT_NAME = new Set(
  words(`
  I I'm I've I'd I'll A An The This That These Those It It's Its He She They We You Me Him Her Them Us My Our
  Your His Their Mine And But Or Nor So Then Than Yet If As At On In Of For From To With By Into Onto Over
  Under After Before About Because Since Until While Although Though Not No Yes Never Also Again Still Just
  Very Really Please Thanks Thank Hi Hello Hey Dear Sorry Ok Okay When What Why How Where Who Whom Which
  Whose Here There Today Tonight Yesterday Tomorrow Now Soon Later Asap All Any Some Every Each Both Either
  Neither Is Are Was Were Be Been Am Do Does Did Done Have Has Had Can Could Will Would Shall Should May
  Might Must Let Get Got Sir Madam Mr Mrs Ms Miss Dr Team Everyone Anyone Someone Nobody Somebody Guys All
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun January February
  March April June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
  Oct Nov Dec Christmas Easter Halloween Thanksgiving Xmas Holiday Holidays Weekend Week Day Days Night
  Morning Evening Afternoon Month Year New Eve Black Cyber Prime Boxing Singles Spring Summer Autumn Fall
  Winter Customer Customers Service Services Support Help Helpdesk Desk Care Team Sales Billing Returns
  Refunds Refund Department Dept Center Centre Office Headquarters Management Manager Supervisor Agent Staff
  Store Shop Shops Outlet Mall Market Supermarket Warehouse Depot Branch Online App Website Site Account
  Order Orders Delivery Shipping Express Post Mail Courier Parcel Package Box Bank Card Cards Pay Wallet
  Cash Credit Debit Points Rewards Member Members Membership Plus Pro Max Mini Air Ultra Lite Edition Series
  Collection Model Version Size Sale Sales Deal Deals Offer Offers Voucher Coupon Code Gift Premium Plan
  Basic Standard Gold Silver Bronze Platinum Diamond Red Blue Pink Purple Orange
  Yellow Beige Navy Street Road Avenue Lane Drive Square Place Way Boulevard Close Court Station
  Airport Hotel Hospital School College University Club Group Company Inc Ltd Llc Co Corp Plc Limited
  Global International Home House Kitchen Garden Room Coffee Tea Water Wine Beer Juice Cream Cake Bread
  Chicken Beef Pork Fish Salad Pizza Burger Sauce Milk Cheese Shoes Shoe Boots Bag Bags Case Phone Watch
  Jar Kit Set Pack Jacket Jeans Dress Shirt Cotton Leather Wool Steel Glass Plastic Wood Period Policy
  Terms Price Prices Quality Issue Problem Complaint Ticket Case Number Email Address Name City State
  Country North South East West Northern Southern Eastern Western Central Upper Lower Great Big Old
  Bad Great Happy Merry Beware Best Good Kind Warm Warmest Regards Sincerely Cheers Love Valued Esteemed
  Respected Friend Friends Colleague Colleagues Client Clients User Users Shopper Partner Partners Free Fast Quick Super Smart Total Final Last First Second Third
  Next Other Same Such Only Own Full Half Whole Amazon Apple Google Microsoft Samsung Sony Nike Adidas
  Walmart Target Costco Ebay Paypal Visa Mastercard Amex Uber Fedex Dhl Ups Usps Netflix Spotify Xiaomi
  Huawei Taobao Tmall Alibaba Alipay Wechat Weixin Dell Lenovo Canon Ikea Zara Tesla Toyota Honda Ford
  English Chinese French German Spanish Japanese American British European Asian Mandarin Cantonese
  Street Manhattan London Paris York Jersey Kong Hong Beijing Shanghai Shenzhen Guangzhou China America
  England Britain Canada Australia Europe Asia Africa Texas California Florida Washington Boston Chicago
`),
);

// The ~140 most common single-character surnames (2020 ranking, a few ordinary words left out) and the
// compound ones (mask-text.ts knows the compound ones for known names too).
const SURNAMES_ZH =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁' +
  '任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严' +
  '欧莫孔常汤康易乔赖文施洪辛柯庄章鲁葛伍殷聂温邢俞华关樊兰季申安左祝靳涂岳纪焦颜翟舒耿宁傅倪鲍艾梅' +
  '盛邬蓝凌柏阮';
export const COMPOUND_SURNAMES_ZH =
  '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里 呼延 万俟 单于 申屠 闻人';
const SURNAME_ZH = `(?:${COMPOUND_SURNAMES_ZH.split(' ').join('|')}|[${SURNAMES_ZH}])`;

// Characters names are seldom made of and a sentence goes on with after a name: function words,
// pronouns, common verbs and adverbs, place suffixes. The second given character also stops before a
// few that often begin the next word (一直, 本人, 自己, 和) though they can start a given name (王一博,
// 王为民). 刚 is a common given character (王刚), so 王强刚到 loses 刚 with the name: privacy first.
const NOT_GIVEN =
  '的了是在说很也都还又就把给被让帮对跟与及或而但却并再才不没未已要想会能该得地过着太非真挺特更最些个位' +
  '们我你您他她它这那哪谁什么吗呢吧啊呀哦嘛等讲问告表答叫喊骂催打回来去到送拿取收寄发签放扔摔迟晚今昨早' +
  '每几多少两态度服处负联通电话号手机用做弄搞算当替代后始直完反投退换买卖付觉认看听见知感办修装下里外' +
  '前内从往于因所虽即便马经居竟根州市省区县镇村乡路街岛港湾客户员工人';
const NOT_GIVEN_SECOND = '为和一本自亲小大老正中之可以如先';
const HAN = '[\\u4e00-\\u9fff]';
const GIVEN1 = `(?![${NOT_GIVEN}])${HAN}`;
const GIVEN2 = `(?![${NOT_GIVEN}${NOT_GIVEN_SECOND}])${HAN}`;
const NAME_ZH = `${SURNAME_ZH}${GIVEN1}(?:${GIVEN2})?`;

// Ordinary words that begin with a surname character (and a few places and brands): a candidate name
// that begins with one of them is left alone.
const WORDS_ZH = new Set(
  words(`
  王者 王牌 王国 李子 张贴 张开 张口 张望 刘海 陈旧 陈列 陈述 杨树 黄金 黄色 黄油 黄牛 黄瓜 黄山 赵国 吴语 周末
  周一 周二 周三 周四 周五 周六 周日 周天 周期 周到 周年 周边 周围 周转 徐徐 孙子 马上 马桶 马路 马甲 马克 马达
  马虎 朱红 胡说 胡乱 胡子 胡椒 郭子 何时 何况 何必 何处 何以 林间 林子 高兴 高级 高速 高端 高价 高铁 高中 高效
  高档 高度 高温 高手 高峰 高清 高质 高兴 高额 高于 高估 高达 高档 高压 罗列 郑重 郑州 梁上 谢谢 谢绝 宋体 唐突
  许多 许可 许久 韩国 韩版 韩式 邓家 冯家 曹操 彭湃 曾经 曾今 田地 董事 潘多 袁家 蔡家 蒋家 余额 余下 余款 于是
  杜绝 叶子 程序 程度 魏家 苏宁 苏州 吕家 丁点 任何 任务 任性 任意 卢家 姚家 沈阳 钟头 钟点 钟表 姜茶 陆续 陆地
  范围 汪洋 石头 石材 金额 金卡 金色 金属 金牌 金融 金钱 金子 金华 韦家 贾家 夏天 夏季 夏装 付款 付费 付钱 付清
  付出 方便 方面 方式 方法 方案 方向 方块 方形 邹家 熊猫 熊孩 白色 白天 白白 白菜 白金 白条 孟家 秦朝 江湖 江南
  江苏 江西 雷人 龙头 龙虾 黎明 史上 陶瓷 贺卡 毛病 毛巾 毛衣 毛毛 毛重 顾客 顾问 顾虑 顾及 武汉 武器 钱包 钱款
  钱财 严重 严格 严厉 严肃 欧洲 欧元 欧美 莫名 常常 常见 常用 常规 常年 汤汁 康复 易用 易碎 乔迁 施工 洪水 辛苦
  章节 温度 温馨 温和 温暖 华为 华丽 关于 关闭 关注 关系 关键 关心 关机 兰州 季度 季节 申请 申诉 安装 安全 安排
  安心 安静 左右 左边 祝福 涂层 涂抹 纪念 纪录 焦虑 焦急 颜色 颜值 舒服 舒适 舒心 宁可 宁愿 宁波 梅雨 盛情
  文件 文字 文明 文化 文章 万一 万分 万元 万能 余地 柯南 小米 小于 小白 老毛 鲁莽 段时 熊掌 金士 洪崖
`),
);
// A surname with the character before it can be a word (相关, 对方, 感谢): then it does not begin a name.
const WORDS_ENDING_ZH = new Set(
  words(`
  相关 有关 海关 机关 无关 开关 公关 过关 难关 对方 双方 地方 官方 配方 处方 平方 前方 后方 买方 卖方 甲方
  乙方 一方 各方 校方 警方 多方 东方 西方 南方 北方 大方 最高 提高 很高 太高 较高 升高 明白 空白 坦白 蛋白
  上周 下周 本周 每周 一周 四周 两周 森林 工程 流程 课程 全程 路程 过程 行程 日程 资金 现金 押金 租金 奖金
  定金 订金 黄金 基金 美金 国王 大王 行李 桃李 主张 紧张 夸张 开张 慌张 扩张 安装 服装 包装 假装 时装 改装
  感谢 多谢 致谢 答谢 道谢 酬谢 谢谢
`),
);

// ---- English -----------------------------------------------------------------------------------------
const UPPER = 'A-ZÀ-ÖØ-Þ';
const LOWER = 'a-zß-öø-ÿ';
/** One capitalised name word: Sarah, O'Brien, McDonald, DeShawn, Smith-Jones, José. */
const WORD = `(?:Mc|O'|D'|De|Di|La|Le)?[${UPPER}][${LOWER}]{1,24}(?:-[${UPPER}][${LOWER}]{1,24})?`;
const EDGE_BEFORE = `(?<![\\p{L}\\p{N}'’\\[-])`;
const EDGE_AFTER = `(?![\\p{L}\\p{N}\\]])`;

/** A cue word with its first letter in either case: courier / Courier. */
const anyFirst = (cue: string): string => `[${cue[0].toUpperCase()}${cue[0]}]${cue.slice(1).replace(/ /g, ' {1,2}')}`;

const ROLE_CUES = words(`
  courier couriers driver drivers deliveryman postman postwoman mailman postie agent agents rep reps
  representative representatives colleague colleagues coworker coworkers co-worker co-workers manager
  managers supervisor technician technicians tech engineer engineers assistant secretary boss clerk cashier
  salesman saleswoman salesperson associate operator advisor adviser consultant specialist installer plumber
  electrician contractor landlord landlady tenant roommate flatmate housemate partner wife husband son
  daughter friend friends neighbour neighbor neighbours neighbors mother father mom mum dad brother sister
  cousin aunt uncle nephew niece grandson granddaughter grandmother grandfather grandma grandpa girlfriend
  boyfriend fiance fiancee fiancé fiancée spouse nanny babysitter caregiver carer teacher doctor nurse
  receptionist employee customer client caller buyer recipient sender cardholder
`);
const CONTACT_CUES = [
  ...words(`called calling rang phoned emailed e-mailed messaged texted met told asked contacted reached thanked`),
  ...`spoke with|spoke to|speak with|speak to|speaking with|speaking to|talked to|talked with|talk to|talk with
    |talking to|chatted with|met with|asked for|ask for|left a message for|left a voicemail for|left voicemail for
    |transferred to|escalated to|passed to|handed over to|handed to|assigned to|according to|thanks to|thanks
    |thank you|cheers|dear|hi|hello|hey|attn|attention|cc|per|helped by|served by|handled by|assisted by
    |signed by|received by|delivered by|signed for by|confirmed with|checked with|followed up with
    |forwarded to|delivery guy|delivery man|delivery driver|delivery person|staff member|account holder
    |call center agent|sales rep|customer service rep|customer service agent|service agent|support agent`
    .split('|')
    .map((c) => c.trim()),
];
const CUES_EN = [...ROLE_CUES, ...CONTACT_CUES].sort((a, b) => b.length - a.length).map(anyFirst);
const LINK_EN = `(?:[,:] ?| \\(?|\\()(?:(?:named|called|by the name of) )?`;
// After a cue: an @handle, a Han name, or capitalised words (a "Last, First" pair and a quoted
// nickname too, the forms a contact list stores).
const RUN_EN = `${WORD}(?: (?:${WORD}|[A-Z]\\.|"${WORD}")){0,3}(?:, ${WORD})?`;
const CUED_EN = new RegExp(
  `((?<![\\p{L}])(?:${CUES_EN.join('|')})${LINK_EN})(@[A-Za-z0-9_]{2,30}|${NAME_ZH}|${RUN_EN})${EDGE_AFTER}`,
  'gu',
);
const TITLED_EN = new RegExp(
  `${EDGE_BEFORE}(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.? ${WORD}(?: (?:${WORD}|[A-Z]\\.)){0,2}${EDGE_AFTER}`,
  'gu',
);
const CAPITALISED_RUN = new RegExp(`${EDGE_BEFORE}${WORD}(?: (?:[A-Z]\\. )?${WORD}){1,5}${EDGE_AFTER}`, 'gu');

/** The tokens of a cued run: words, initials, "nicknames" and a ", First" tail, with their ends. */
function tokensOf(run: string): { word: string; comma: boolean; end: number }[] {
  return [...run.matchAll(/(, )?("?[^ ,"]+"?)/g)].map((t) => ({
    word: t[2].replace(/^"|"$/g, ''),
    comma: t[1] !== undefined,
    end: (t.index ?? 0) + t[0].length,
  }));
}

/**
 * How much of a cued run is a name: its words up to the first ordinary one. A "Last, First" tail counts
 * only when its word is a given name; a quoted nickname and an initial ride along. 0 when none.
 */
function cuedNameEnd(run: string): number {
  const tokens = tokensOf(run);
  let end = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const given = GIVEN.has(t.word) || GIVEN_WORD.has(t.word);
    // A given name that is also a word ("Will", "Max") is a name after a cue when a surname follows.
    const next = tokens[i + 1];
    const named = given && next !== undefined && !next.comma && !NOT_NAME.has(next.word);
    if ((NOT_NAME.has(t.word) && !named) || (t.comma && !given)) break;
    end = t.end;
  }
  return end;
}

function maskCuedEnglish(text: string): string {
  return text.replace(CUED_EN, (m, lead: string, run: string, offset: number) => {
    // A capitalised cue inside a sentence is Title Case ("My Best Friends Wedding"), not a cue.
    if (/^[A-Z]/.test(lead) && !sentenceStart(text, offset)) return m;
    if (run.startsWith('@')) return lead + NAME_TAG;
    if (!/^[A-Za-zÀ-ÿ]/.test(run)) return WORDS_ZH.has(run.slice(0, 2)) ? m : lead + NAME_TAG;
    const end = cuedNameEnd(run);
    return end === 0 ? m : lead + NAME_TAG + run.slice(end);
  });
}

/** Whether `offset` begins a sentence: only spaces, quotes or brackets after . ! ? : ; or a line break. */
function sentenceStart(text: string, offset: number): boolean {
  // A bounded look back keeps the pass linear however many runs a text holds.
  const window = text.slice(Math.max(0, offset - 16), offset);
  const trimmed = window.replace(/[\s"'“‘([]{1,16}$/, '');
  return trimmed === '' || /[.!?。！？:;]$/.test(trimmed) || window.slice(trimmed.length).includes('\n');
}

// Words before a given name that make it a place: San Francisco, St Louis, Port Elizabeth, Lake Placid.
const PLACE_BEFORE = new Set(words('San Santa Santo Saint St Los Las El New Port Fort Mount Mt Lake Cape Sao'));

/** In a run of capitalised words: a given name and one or two surname-like words after it. */
function maskCapitalisedRun(run: string, offset: number, text: string): string {
  const tokens = run.split(' ');
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    const atStart = i === 0 && sentenceStart(text, offset);
    const place = i > 0 && PLACE_BEFORE.has(tokens[i - 1]);
    const given = !place && (GIVEN.has(first) || (GIVEN_WORD.has(first) && !atStart));
    let j = i + 1;
    if (given && !NOT_NAME.has(first)) {
      if (j < tokens.length && /^[A-Z]\.$/.test(tokens[j])) j++;
      let surnames = 0;
      while (j < tokens.length && surnames < 2 && !NOT_NAME.has(tokens[j]) && /[a-zß-ÿ]/.test(tokens[j])) {
        j++;
        surnames++;
      }
      if (surnames > 0) {
        out.push(NAME_TAG);
        i = j;
        continue;
      }
    }
    out.push(first);
    i++;
  }
  return out.join(' ');
}

function maskEnglishNames(text: string): string {
  const cued = maskCuedEnglish(text).replace(TITLED_EN, (m) => {
    const name = m.replace(/^\S+ /, '').split(' ')[0];
    return NOT_NAME.has(name) ? m : NAME_TAG;
  });
  return cued.replace(CAPITALISED_RUN, (run: string, offset: number, whole: string) =>
    maskCapitalisedRun(run, offset, whole),
  );
}

// ---- Chinese -----------------------------------------------------------------------------------------
// Role cues name the person's job or tie to the writer; contact cues the act of reaching them.
// 员 alone covers 快递员 / 送货员 / 业务员 ..., also where a mixed text swapped 快递 for "courier".
const ROLE_CUES_ZH =
  '快递小哥|外卖小哥|快递员|送货员|配送员|派送员|外卖员|骑手|司机|师傅|客服|专员|经理|主管|店长|店员|导购|' +
  '收银员|前台|同事|朋友|邻居|家人|老公|老婆|丈夫|妻子|爱人|儿子|女儿|父亲|母亲|爸爸|妈妈|我爸|我妈|哥哥|姐姐|' +
  '弟弟|妹妹|室友|同学|领导|老板|助理|秘书|技术员|工程师|维修工|安装工|对接人|负责人|经办人|签收人|处理人|' +
  '寄件人|发件人|代收人|业务员|销售|客户|会员|员';
const CONTACT_CUES_ZH = '联系|致电|通话对象|打给|转给|交给|告诉|通知|名叫|叫做|与|和|跟|找|叫|问';
const CUED_ZH = new RegExp(
  `(${ROLE_CUES_ZH}|${CONTACT_CUES_ZH})(了?[ :：]{0,2})(${NAME_ZH}|[小老阿][${SURNAMES_ZH}]|${RUN_EN})`,
  'gu',
);
const WEAK_CUES_ZH = new Set(CONTACT_CUES_ZH.split('|'));

const TITLES_ZH = `先生|女士|小姐|太太|老师|师傅|总经理|总监|总裁|经理|主任|主管|阿姨|律师|医生|博士|教授|总(?![是结共价额体部算之数量计和也])`;
// What stands before a title without naming anyone (快递师傅, 维修师傅, 客户经理): not a given name.
const TITLE_QUALIFIERS = new Set(
  words(`快递 维修 安装 送货 配送 外卖 司机 保洁 物业 搬家 开锁 装修 空调 宽带 燃气 售后 客服 前台 大堂 销售 项目
  客户 区域 部门 门店 产品 财务 技术 运营 市场 值班 理财 采购 仓库 车间 科室 班主任 医院 主治 家庭 律所`),
);
const TITLED_ZH = new RegExp(`(${SURNAME_ZH})((?:(?![${NOT_GIVEN}])${HAN}){0,2}?)(?:${TITLES_ZH})`, 'gu');

function maskChineseNames(text: string): string {
  // Titles first, so a name after a cue takes its title with it (和李建国经理 -> 和[name]).
  const titled = text.replace(TITLED_ZH, (m, surname: string, given: string, offset: number, whole: string) => {
    if (given !== '' && (WORDS_ZH.has(surname + given[0]) || TITLE_QUALIFIERS.has(given))) return m;
    if (WORDS_ENDING_ZH.has(whole.slice(offset - 1, offset) + surname)) return m;
    return NAME_TAG;
  });
  return titled.replace(CUED_ZH, (m, cue: string, gap: string, name: string) => {
    if (/^[A-Za-zÀ-ÿ]/.test(name)) {
      // A Latin name after a Chinese cue; after 和 / 跟 ... only when it opens with a given name.
      const end = cuedNameEnd(name);
      const first = name.split(' ')[0];
      if (end === 0 || (WEAK_CUES_ZH.has(cue) && !GIVEN.has(first) && !GIVEN_WORD.has(first))) return m;
      return cue + gap + NAME_TAG + name.slice(end);
    }
    return WORDS_ZH.has(name.slice(0, 2)) ? m : cue + gap + NAME_TAG;
  });
}

/** `text` with the names of people found by their context (see the header) as [name]. */
export function maskPersonNames(text: string): string {
  return maskEnglishNames(maskChineseNames(text));
}
