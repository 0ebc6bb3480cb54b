// The sentiment model of issue 20 (models/text/sentiment-model.ts): labels from survey scores, the cold
// start, held-out quality against the lexicon, determinism for a seed, and the tfjs-free scorer against
// the tfjs forward pass. The labelled texts are generated here from hand-written phrase lists in both
// languages: each text names a fact that implies the customer's mood ("the sole came off after a week")
// inside neutral framing, mostly in words the lexicon does not hold, which is what a model trained on a
// company's own answers is for. A smoke test of the method, not a claim about real corpora.
import { describe, expect, it } from 'vitest';
import { analyseTexts } from '../models/text/analyse.ts';
import { detectLanguage } from '../models/text/language.ts';
import { lexiconSentiment } from '../models/text/lexicon.ts';
import { normaliseText } from '../models/text/normalise.ts';
import {
  labelFromScore,
  MIN_EXAMPLES,
  predictWithTf,
  scoreSentiment,
  trainSentiment,
  type LabelledText,
} from '../models/text/sentiment-model.ts';

const EN = {
  positive: [
    'it arrived the next morning',
    'it fits perfectly',
    'the battery lasts two days',
    'my kids use it every day',
    'I came back to order again',
    'the refund was in my account within an hour',
    'it works exactly as described',
    'setup took two minutes',
    'the staff remembered my name',
    'it is still going strong after a year',
  ],
  negative: [
    'the sole came off after a week',
    'I am still waiting for the refund',
    'I was charged twice this month',
    'the app logs me out every time',
    'the box was crushed',
    'nobody answered the phone',
    'it stopped charging after three days',
    'the size runs two numbers small',
    'I had to call four times',
    'the parcel went to the wrong city',
  ],
  openings: [
    'I ordered the blue jacket and',
    'About my last order:',
    'Regarding the phone case,',
    'For the monthly plan,',
  ],
  endings: ['', 'Order 1234.', 'Just letting you know.', 'That is all for now.', 'Sent from my phone.'],
};

const ZH = {
  positive: [
    '第二天一早就送到了',
    '尺码刚刚合适',
    '电池能用两天',
    '孩子每天都在用',
    '已经回购第三次了',
    '退款一小时就到账了',
    '跟描述一模一样',
    '两分钟就装上了',
    '店员记得我的名字',
    '用了一年还跟新的一样',
  ],
  negative: [
    '穿了一周鞋底就掉了',
    '退款到现在还没到',
    '这个月被扣了两次钱',
    '应用每次都把我踢出去',
    '盒子被压扁了',
    '电话一直没人接',
    '充了三天就充不进电了',
    '尺码小了两号',
    '打了四次电话才处理',
    '包裹被送到了别的城市',
  ],
  openings: ['上周买的外套，', '关于我的订单：', '给老婆买的水壶，', '月度套餐这边，'],
  endings: ['', '订单号1234。', '就说这么多。', '特此反馈。', '手机发的。'],
};

/** Every opening x fact x ending of both languages, labelled by the fact's side. */
function generated(): LabelledText[] {
  const out: LabelledText[] = [];
  for (const [lists, space] of [
    [EN, ' '],
    [ZH, ''],
  ] as const) {
    for (const positive of [true, false]) {
      for (const fact of positive ? lists.positive : lists.negative) {
        for (const opening of lists.openings) {
          for (const ending of lists.endings)
            out.push({ text: `${opening}${space}${fact}.${space}${ending}`.trim(), positive });
        }
      }
    }
  }
  return out;
}

describe('labelFromScore', () => {
  it('reads NPS 9-10 and CSAT/stars 4-5 as positive, 0-6 and 1-2 as negative, the middle as no label', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => labelFromScore(s, 'nps'))).toEqual([false, false, null, null, true, true]);
    expect([1, 2, 3, 4, 5].map((s) => labelFromScore(s, 'csat'))).toEqual([false, false, null, true, true]);
    expect([1, 2, 3, 4.5, 5].map((s) => labelFromScore(s, 'stars'))).toEqual([false, false, null, true, true]);
    expect(() => labelFromScore(11, 'nps')).toThrow('invalid nps score: 11 (expected 0 to 10)');
    expect(() => labelFromScore(0, 'stars')).toThrow('invalid stars score: 0 (expected 1 to 5)');
    expect(() => labelFromScore(Number.NaN, 'csat')).toThrow('invalid csat score');
  });
});

describe('trainSentiment', () => {
  const examples = generated();

  it('learns implicit complaints and praise the lexicon misses, and reports held-out quality', async () => {
    const trained = await trainSentiment(examples, { seed: 7 });
    const h = trained.holdout!;
    console.log(
      `held-out (n ${h.n}, ${h.positives} positive): model AUC ${h.auc.toFixed(3)}, lexicon ${h.lexiconAuc.toFixed(3)}, ` +
        `ECE ${h.ece.toFixed(3)}, Brier ${h.brier.toFixed(3)}`,
    );
    expect(trained.use).toBe('model');
    expect(h.n).toBeGreaterThan(0.15 * examples.length);
    expect(h.n).toBeLessThan(0.35 * examples.length);
    expect(h.auc).toBeGreaterThan(0.95);
    expect(h.auc).toBeGreaterThan(h.lexiconAuc + 0.1);
    expect(h.brier).toBeLessThan(0.15);
    expect(h.ece).toBeLessThan(0.2);
    const model = trained.model!;
    expect(scoreSentiment(model, 'About my last order: the box was crushed.')).toBeLessThan(0.3);
    expect(scoreSentiment(model, '关于我的订单：已经回购第三次了。')).toBeGreaterThan(0.7);
  });

  it('is deterministic for a seed, down to the bits of the weights, and the seed matters', async () => {
    const a = await trainSentiment(examples, { seed: 3 });
    const b = await trainSentiment(examples, { seed: 3 });
    const c = await trainSentiment(examples, { seed: 4 });
    expect(b).toEqual(a);
    expect(c.model!.weights).not.toBe(a.model!.weights);
  });

  it('scores without tfjs as the tfjs forward pass does, also after a JSON round trip', async () => {
    const { model } = await trainSentiment(examples, { seed: 11, buckets: 2 ** 16 });
    const restored = JSON.parse(JSON.stringify(model));
    const texts = [...examples.slice(0, 40).map((e) => e.text), '物流太慢了 but the staff were kind', '', '!!!'];
    const viaTf = await predictWithTf(restored, texts);
    const plain = texts.map((t) => scoreSentiment(restored, t));
    const gap = Math.max(...plain.map((p, i) => Math.abs(p - viaTf[i])));
    expect(gap).toBeLessThan(1e-6);
    expect(new Set(plain.map((p) => p.toFixed(3))).size).toBeGreaterThan(10);
  });

  it('falls back to the lexicon with too few labelled texts or too few of one class', async () => {
    const few = await trainSentiment(examples.slice(0, MIN_EXAMPLES - 1), { seed: 1 });
    expect(few).toMatchObject({ use: 'lexicon', model: null, holdout: null });
    expect(few.reason).toBe(`${MIN_EXAMPLES - 1} labelled texts, fewer than ${MIN_EXAMPLES}`);
    const lopsided = [...examples.filter((e) => e.positive), ...examples.filter((e) => !e.positive).slice(0, 30)];
    const one = await trainSentiment(lopsided, { seed: 1 });
    expect(one.use).toBe('lexicon');
    expect(one.reason).toMatch(/^400 positive and 30 negative texts, fewer than 40 of one class$/);
  });

  it('falls back to the lexicon when the model does not beat it on the held-out texts', async () => {
    // Labels the lexicon reads perfectly: a model can at best tie.
    const plain = generated().map((e, i) => ({
      text: `${e.text} ${e.positive ? ['excellent', '非常满意'][i % 2] : ['terrible', '非常失望'][i % 2]}`,
      positive: e.positive,
    }));
    const trained = await trainSentiment(plain, { seed: 5 });
    expect(trained.holdout!.lexiconAuc).toBe(1);
    expect(trained.use).toBe('lexicon');
    expect(trained.reason).toMatch(/vs the lexicon's 1\.000: no better$/);
  });
});

describe('analyseTexts', () => {
  const texts = [
    ...generated()
      .filter((_, i) => i % 37 === 0)
      .map((e) => e.text),
    'Delivery 很慢, very late',
    'ＧＲＥＡＴ service!!',
    '',
    '12345 !!!',
    '👍👍',
  ];

  it('detects the language and takes the lexicon score without a model', () => {
    const { lang, sentiment } = analyseTexts(texts, null);
    expect(lang).toEqual(texts.map((t) => detectLanguage(normaliseText(t)).language));
    expect(Array.from(sentiment)).toEqual(texts.map((t) => lexiconSentiment(t).score));
    expect(lang.slice(-5)).toEqual(['mixed', 'en', 'unknown', 'unknown', 'unknown']);
  });

  it('takes 2p - 1 from the model, and 0 for a text without a letter to read', async () => {
    const { model } = await trainSentiment(generated(), { seed: 2 });
    const { sentiment } = analyseTexts(texts, model);
    const expected = texts.map((t, i) => (i >= texts.length - 3 ? 0 : 2 * scoreSentiment(model!, t) - 1));
    expect(Array.from(sentiment)).toEqual(expected);
    expect(Math.min(...sentiment)).toBeLessThan(-0.5);
    expect(Math.max(...sentiment)).toBeGreaterThan(0.5);
  });
});
