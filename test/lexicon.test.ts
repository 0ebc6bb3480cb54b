// The lexicon's rules for real review text (models/text/lexicon.ts): VADER's English words behind the
// project's own lists, punctuation emphasis, the contrast rule kept within its sentence, 好 as "so"
// before a sentiment word, and the set phrases of reviews in both languages. Measured on real labelled
// review corpora outside the repository (the corpora are held back); these tests pin the rules.
import { describe, expect, it } from 'vitest';
import { lexiconIndex, lexiconSentiment } from '../models/text/lexicon.ts';

const score = (text: string): number => lexiconSentiment(text).score;
const weights = (text: string): [string, number][] =>
  lexiconSentiment(text).matches.map((m) => [m.term, Number(m.weight.toFixed(4))]);

describe('lexiconSentiment on review text', () => {
  it("fills the English lists with VADER's words, at half VADER's -4..+4 valence, the project's lists first", () => {
    expect(weights('gross')).toEqual([['gross', -1.05]]); // VADER -2.1
    expect(weights('a delight')).toEqual([['delight', 1.45]]); // VADER 2.9
    expect(weights('It sucks')).toEqual([['sucks', -0.75]]); // VADER -1.5
    // VADER rates "please" +1.3; in a ticket it asks, it does not praise, and the project's list says 0.
    expect(score('please call me back')).toBe(0);
    expect(lexiconIndex().size).toBeGreaterThan(8000);
  });

  it('moves a sentiment further from 0 with exclamation marks and repeated question marks', () => {
    expect(score('terrible!!!')).toBeLessThan(score('terrible'));
    expect(score('Terrible!!!!!!!')).toBe(score('terrible!!!!')); // four at the most, as VADER
    expect(score('great!!')).toBeGreaterThan(score('great'));
    expect(score('太慢了！！！')).toBeLessThan(score('太慢了'));
    expect(score('怎么还没到？？')).toBeLessThan(score('怎么还没到'));
    expect(score('still nothing?')).toBe(score('still nothing'));
    expect(lexiconSentiment('Order 123 shipped!!!')).toEqual({ score: 0, probability: 0.5, sum: 0, matches: [] });
  });

  it('keeps the contrast rule within its sentence', () => {
    expect(weights('Clean room. Good location but noisy.')).toEqual([
      ['clean', 1],
      ['good', 0.5],
      ['noisy', -1.5],
    ]);
    expect(weights('房间干净。位置不错，但是太吵了')).toEqual([
      ['干净', 1],
      ['不错', 0.5],
      ['吵', -2.25],
    ]);
  });

  it('reads 好 as "so" before a sentiment word and as "good" elsewhere', () => {
    expect(score('好慢')).toBeLessThan(score('慢'));
    expect(score('好慢')).toBeLessThan(0);
    expect(score('好难吃')).toBeLessThan(score('难吃'));
    expect(score('好')).toBeGreaterThan(0);
    expect(score('味道好')).toBeGreaterThan(0);
    expect(score('好不好')).toBe(0);
  });

  it('knows Chinese review idioms', () => {
    expect(score('一般般')).toBeLessThan(0);
    expect(score('再也不订了')).toBeLessThan(0);
    expect(score('送了两个多小时才到')).toBeLessThan(0);
    expect(score('快递小哥辛苦了')).toBeGreaterThan(0);
    expect(score('一点都不好吃')).toBeLessThan(score('不好吃'));
    expect(score('不好吃')).toBeLessThan(0);
    // 快 is "almost" before a duration, not "fast".
    expect(score('快一个小时了还没到')).toBeLessThan(0);
    expect(weights('快一个小时了还没到').map(([term]) => term)).not.toContain('快');
    expect(score('晚上送到的，很快')).toBeGreaterThan(0);
  });

  it('knows English review phrases', () => {
    expect(score('We will never go again.')).toBeLessThan(0);
    expect(score('I could not be happier')).toBeGreaterThan(0);
    expect(score("Don't waste your time")).toBeLessThan(0);
    expect(score('I like this place')).toBeGreaterThan(0);
    expect(score('did not like it')).toBeLessThan(0);
    expect(score("I wouldn't return.")).toBeLessThan(0);
    expect(score('Will definitely be back!')).toBeGreaterThan(0);
    // Bare "like" is mostly "as": no sentiment of its own.
    expect(score('It tasted like cardboard')).toBeLessThanOrEqual(0);
    expect(weights('smelled like an old grease trap').map(([term]) => term)).not.toContain('like');
  });
});
