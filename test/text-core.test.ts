// The pure text core of issue 20 (models/text/): normalisation, language detection, word segmentation
// with Intl.Segmenter, feature hashing and the lexicon sentiment, plus the lexicon's ROC-AUC on the
// hand-written feedback texts of test/fixtures/text/ (written for this project; a smoke test, not a
// claim about real corpora).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../models/eval/metrics.ts';
import { bucketOf, hashFeatures, hashText, hashToken, murmur3 } from '../models/text/hashing.ts';
import { detectLanguage } from '../models/text/language.ts';
import { lexiconIndex, lexiconSentiment } from '../models/text/lexicon.ts';
import { EN_LEXICON } from '../models/text/lexicon-en.ts';
import { entries, type LexiconSource } from '../models/text/lexicon-source.ts';
import { ZH_LEXICON } from '../models/text/lexicon-zh.ts';
import { normaliseText } from '../models/text/normalise.ts';
import { featureTokens, hanNgrams, wordBigrams, words } from '../models/text/tokenise.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'text');

function labelled(language: string): { label: number; text: string }[] {
  return readFileSync(join(FIXTURES, `${language}.tsv`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [label, text] = line.split('\t');
      return { label: Number(label), text };
    });
}

describe('normaliseText', () => {
  it('folds full-width forms, lower-cases Latin, drops control characters and collapses space', () => {
    expect(normaliseText('ＡＢＣ１２３，ｏｋ！')).toBe('abc123,ok!');
    expect(normaliseText('  Great\u3000\u3000SERVICE\t\n客服\u200b很好\u0000 ')).toBe('great service 客服很好');
    expect(normaliseText('\ufeffＮｏｔ  bad')).toBe('not bad');
    expect(normaliseText('ﬁne ①')).toBe('fine 1');
  });
});

describe('detectLanguage', () => {
  it('tells Chinese, English, mixed and unknown text apart by script', () => {
    expect(detectLanguage('物流太慢了，客服态度差').language).toBe('zh');
    expect(detectLanguage('订单号 A123 还没到，请尽快处理').language).toBe('zh');
    expect(detectLanguage('The parcel arrived late and damaged').language).toBe('en');
    expect(detectLanguage('Delivery was late but 客服很好').language).toBe('mixed');
    expect(detectLanguage('12345 !!!').language).toBe('unknown');
    expect(detectLanguage('配達がとても遅かったです。がっかりしました').language).toBe('unknown');
    expect(detectLanguage('Доставка была поздно').language).toBe('unknown');
  });
});

describe('tokenise', () => {
  it('segments Chinese into the words Intl.Segmenter gives on Node 20, stop words dropped', () => {
    expect(words('我对这次购物非常满意')).toEqual(['这次', '购物', '非常', '满意']);
    expect(words(normaliseText('物流太慢了，客服态度差'))).toEqual(['物流', '太慢', '客', '服', '态度', '差']);
    expect(words('不满意，要求退款')).toEqual(['不', '满意', '要求', '退款']);
    expect(words('the app is not working for me')).toEqual(['app', 'not', 'working']);
  });

  it('adds Han character 2- and 3-grams, which recover words the segmenter splits', () => {
    expect(hanNgrams('客服差 ok 卡顿')).toEqual(['客服', '服差', '客服差', '卡顿']);
    expect(wordBigrams(['very', 'late', 'delivery'])).toEqual(['very late', 'late delivery']);
    const tokens = featureTokens(normaliseText('客服态度差, very slow'));
    expect(tokens).toContain('c:客服');
    expect(tokens).toContain('w:slow');
    expect(tokens).toContain('b:very slow');
  });
});

describe('hashing', () => {
  it('is MurmurHash3 x86_32 (published test vectors) and deterministic', () => {
    expect(hashToken('', 1)).toBe(0x514e28b7);
    expect(hashToken('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723);
    expect(hashToken('Hello, world!', 1234)).toBe(0xfaf6cdb3);
    // Strings are hashed as their UTF-8 bytes, long ones included (the reused buffer grows).
    for (const token of ['c:客服态度', 'w:👍好评', `w:${'慢'.repeat(500)}`]) {
      expect(hashToken(token, 7)).toBe(murmur3(new TextEncoder().encode(token), 7));
    }
    const tokens = featureTokens(normaliseText('物流太慢了，客服态度差, very slow'));
    expect(hashFeatures(tokens)).toEqual(hashFeatures([...tokens]));
  });

  it('gives sublinear tf, L2-normalised sparse vectors with ascending indices', () => {
    const v = hashFeatures(['a', 'b', 'a', 'a'], 1024);
    expect(v.indices.length).toBe(2);
    expect(v.indices[0]).toBeLessThan(v.indices[1]);
    const norm = Math.hypot(...v.values);
    expect(norm).toBeCloseTo(1, 6);
    const a = v.values[v.indices.indexOf(bucketOf('a', 1024).index)];
    const b = v.values[v.indices.indexOf(bucketOf('b', 1024).index)];
    expect(Math.abs(a / b)).toBeCloseTo(1 + Math.log(3), 5);
    expect(hashFeatures([], 1024).indices.length).toBe(0);
    expect(() => hashFeatures(['a'], 1000)).toThrow(/invalid buckets: 1000/);
  });

  it('keeps collisions near what uniform hashing gives and signs balanced', () => {
    const buckets = 2 ** 18;
    const n = 20_000;
    const seen = new Set<number>();
    let collisions = 0;
    let negative = 0;
    for (let i = 0; i < n; i++) {
      const { index, sign } = bucketOf(`w:token${i}`, buckets);
      if (seen.has(index)) collisions++;
      seen.add(index);
      if (sign < 0) negative++;
    }
    const expected = n - buckets * (1 - (1 - 1 / buckets) ** n); // about n^2 / 2b
    console.log(`hashing: ${collisions} colliding tokens of ${n} in 2^18 buckets (uniform: ${expected.toFixed(0)})`);
    expect(collisions).toBeLessThan(1.3 * expected);
    expect(Math.abs(negative / n - 0.5)).toBeLessThan(0.02);
  });
});

describe("fast features (the model's tokens)", () => {
  const texts = ['zh', 'en', 'zh-later', 'en-later'].flatMap((f) => labelled(f).map((e) => e.text));
  const awkward = [
    "don't  like it''s bad",
    '𠀀𠀁好 ok',
    'a\ud800b 很好',
    'naïve café, ＯＫ！',
    '',
    '!!!',
    '12345',
    'Доставка 很慢',
  ];

  it('words are split without a segmenter, apostrophes kept inside, Han text read as 1-3 character grams', () => {
    expect(featureTokens(normaliseText("Don't  like it's  bad, Wasn’t great"))).toEqual([
      "w:don't",
      'w:like',
      "w:it's",
      'w:bad',
      'w:wasn’t',
      'w:great',
      "b:don't like",
      "b:like it's",
      "b:it's bad",
      'b:bad wasn’t',
      'b:wasn’t great',
    ]);
    expect(featureTokens('客服差 ok')).toEqual(['w:ok', 'c:客', 'c:服', 'c:差', 'c:客服', 'c:服差', 'c:客服差']);
    expect(featureTokens('𠀀好')).toEqual(['c:𠀀', 'c:好', 'c:𠀀好']);
  });

  it('hashText gives exactly the vector hashFeatures gives for featureTokens, collisions included', () => {
    for (const raw of [...texts, ...awkward]) {
      const text = normaliseText(raw);
      for (const buckets of [2 ** 18, 64, 2]) {
        const expected = hashFeatures(featureTokens(text), buckets, 3);
        const v = hashText(text, buckets, 3);
        expect({ indices: v.indices.slice(0, v.size), values: v.values.slice(0, v.size) }).toEqual(expected);
      }
    }
  });

  it('detectLanguage counts every code point as the Unicode script properties say', () => {
    const letters = /(\p{Script=Han})|(\p{Script=Latin})|\p{L}/u;
    for (let c = 0; c < 0x30000; c += c < 0x10000 ? 1 : 97) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      const m = letters.exec(ch);
      const d = detectLanguage(ch);
      expect([d.han, d.latin, d.other]).toEqual(m ? [m[1] ? 1 : 0, m[2] ? 1 : 0, m[1] || m[2] ? 0 : 1] : [0, 0, 0]);
    }
  });
});

describe('lexiconSentiment', () => {
  const score = (text: string): number => lexiconSentiment(text).score;

  it('reads polarity with negation and intensifiers in Chinese', () => {
    expect(score('满意')).toBeGreaterThan(0);
    expect(score('不满意')).toBeLessThan(0);
    expect(score('太慢了')).toBeLessThan(score('慢'));
    expect(score('太慢了')).toBeLessThan(0);
    expect(score('很快')).toBeGreaterThan(score('快'));
    expect(score('很快')).toBeGreaterThan(0);
    expect(score('不是很满意')).toBeLessThan(0);
    expect(score('没有任何问题')).toBeGreaterThan(0);
    expect(score('不错')).toBeGreaterThan(0);
    expect(score('快递到了')).toBe(0);
    expect(score('客服态度差')).toBeLessThan(0);
    expect(score('卡顿')).toBeLessThan(0);
    expect(score('不知道为什么物流很快')).toBeGreaterThan(0);
    expect(score('质量不好，但是客服很耐心')).toBeGreaterThan(0);
  });

  it('reads polarity with negation and intensifiers in English', () => {
    expect(score('not bad')).toBeGreaterThanOrEqual(0);
    expect(score('not good')).toBeLessThan(0);
    expect(score('would not recommend')).toBeLessThan(0);
    expect(score('no complaints')).toBeGreaterThan(0);
    expect(score('very fast')).toBeGreaterThan(score('fast'));
    expect(score('never again')).toBeLessThan(0);
    expect(score('Rude agent, NEVER AGAIN!')).toBeLessThan(score('rude agent'));
    expect(score('not bad. slow')).toBeLessThan(0);
    // A negator reaches the next sentiment word of its clause within the window, no further.
    expect(score('not, good')).toBeGreaterThan(0);
    expect(score('never thought the staff would be this friendly')).toBeGreaterThan(0);
    expect(score('fast delivery but the item arrived broken')).toBeLessThan(0);
  });

  it('weighs entries by the documented rules', () => {
    const weights = (text: string): [string, number][] =>
      lexiconSentiment(text).matches.map((m) => [m.term, Number(m.weight.toFixed(4))]);
    expect(weights('good but slow')).toEqual([
      ['good', 0.5],
      ['slow', -1.5],
    ]); // VADER's "but": half before, 1.5 after
    expect(weights('not good')).toEqual([['good', -0.74]]);
    expect(weights('质量很好，但是太贵了')).toEqual([
      ['好', 0.625],
      ['贵', -2.25],
    ]);
    expect(weights('没什么问题')).toEqual([['问题', 0.74]]);
    const s = lexiconSentiment('very happy');
    expect(s.sum).toBeCloseTo(1.875, 12);
    expect(s.score).toBeCloseTo(1.875 / Math.sqrt(1.875 ** 2 + 15), 12);
  });

  it('scores in [-1, 1] with a probability-like value beside', () => {
    const s = lexiconSentiment('非常满意，物流很快，客服态度非常好，五星好评！Great, fast, perfect.');
    expect(s.score).toBeGreaterThan(0.9);
    expect(s.score).toBeLessThan(1);
    expect(s.probability).toBeCloseTo((1 + s.score) / 2, 12);
    expect(lexiconSentiment('')).toEqual({ score: 0, probability: 0.5, sum: 0, matches: [] });
  });

  it('has a few hundred entries per language and no entry twice', () => {
    const count = (l: LexiconSource): number =>
      l.polar.reduce((n, [, list]) => n + entries(list).length, 0) + entries(l.negators).length;
    console.log(`lexicon entries: zh ${count(ZH_LEXICON)}, en ${count(EN_LEXICON)}`);
    expect(count(ZH_LEXICON)).toBeGreaterThan(300);
    expect(count(EN_LEXICON)).toBeGreaterThan(300);
    expect(lexiconIndex().size).toBeGreaterThan(600);
  });

  // The first sets were written before the word lists, the "later" ones after the lexicon was frozen and
  // never tuned to (test/fixtures/text/README.md); the bounds are below what each printed when written.
  // The later ones were raised when the lexicon took in review vocabulary and VADER's English words
  // (zh-later 0.748 -> 0.814, en-later 0.711 -> 0.829; no entry was taken from their texts).
  it.each([
    ['zh', 60, 0.75],
    ['en', 60, 0.75],
    ['zh-later', 40, 0.75],
    ['en-later', 40, 0.75],
  ] as const)('ranks the hand-written %s feedback texts above chance', (file, count, bound) => {
    const rows = labelled(file);
    expect(rows.length).toBe(count);
    expect(rows.filter((r) => r.label === 1).length).toBe(count / 2);
    const scores = rows.map((r) => lexiconSentiment(r.text).score);
    const auc = rocAuc(
      rows.map((r) => r.label),
      scores,
    );
    const silent = scores.filter((s) => s === 0).length;
    console.log(`lexicon ROC-AUC on ${file}.tsv (${count} texts): ${auc.toFixed(3)}; scored 0: ${silent}`);
    expect(auc).toBeGreaterThan(bound);
  });
});
