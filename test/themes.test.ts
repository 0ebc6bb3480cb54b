// Complaint themes: seeded keyword tagging in Chinese and English, the voice.themes config section that
// extends and renames the seeds, and its one-line-per-problem errors.
import { describe, expect, it } from 'vitest';
import { UserError } from '../pipeline/errors.ts';
import { SEED_THEMES, mergeThemes, parseVoiceThemes, voiceThemesSchema } from '../pipeline/config/voice-config.ts';
import { compileThemes, tagThemes } from '../pipeline/text/theme-tagger.ts';

describe('tagThemes with the seeded themes', () => {
  const cases: [string, string[]][] = [
    ['快递三天还没到，客服态度也很差', ['delivery', 'service']],
    ['太贵了，又涨价了', ['price']],
    ['收到的时候包装破损，质量很差', ['quality']],
    ['又被自动续费扣费了，申请退款没人处理', ['billing']],
    ['更新以后一直闪退，登录不了', ['app']],
    ['ＡＰＰ 卡顿', ['app']],
    ['The deliveries were LATE and the app crashed', ['delivery', 'app']],
    ['Way too expensive for what it is', ['price']],
    ['It arrived broken; support was rude and unhelpful', ['quality', 'service']],
    ['I was charged twice and the invoice is wrong, I want a refund', ['billing']],
    ['Login fails, lots of bugs', ['app']],
    ['物流太慢 and the price went up', ['delivery', 'price']],
  ];
  it.each(cases)('%s', (text, themes) => {
    expect(tagThemes(text)).toEqual(themes);
  });

  it('matches English keywords as whole words and skips excluded phrases', () => {
    expect(tagThemes('apple pie, a happy day, a billion thanks')).toEqual([]);
    expect(tagThemes('贵公司的服务一直很好，贵宾待遇')).toEqual([]);
    expect(tagThemes('效果不理想')).toEqual([]);
    expect(tagThemes('贵公司的东西太贵')).toEqual(['price']);
  });

  it('labels every seeded theme in both locales', () => {
    expect(SEED_THEMES.map((t) => t.code)).toEqual(['delivery', 'price', 'quality', 'service', 'billing', 'app']);
    for (const theme of SEED_THEMES) {
      expect(theme.label.en.length).toBeGreaterThan(0);
      expect(theme.label['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('voice.themes config', () => {
  it('renames a seeded theme and extends its keywords and exclusions', () => {
    const themes = parseVoiceThemes({
      delivery: { label: { en: 'Shipping', 'zh-CN': '运输' }, keywords: ['顺丰', 'courier lost'] },
      price: { exclude: ['太贵重'] },
    });
    const delivery = themes.find((t) => t.code === 'delivery')!;
    expect(delivery.label).toEqual({ en: 'Shipping', 'zh-CN': '运输' });
    expect(delivery.keywords).toContain('物流');
    expect(delivery.keywords).toContain('顺丰');
    const compiled = compileThemes(themes);
    expect(tagThemes('顺丰一直不动', compiled)).toEqual(['delivery']);
    expect(tagThemes('The courier lost it', compiled)).toEqual(['delivery']);
    expect(tagThemes('礼物太贵重了', compiled)).toEqual([]);
    expect(tagThemes('礼物太贵重了')).toEqual(['price']);
  });

  it('adds a new theme after the seeds, and a rename keeps the other label', () => {
    const themes = parseVoiceThemes({
      packaging: { label: { en: 'Packaging', 'zh-CN': '包装' }, keywords: ['包装', ' packaging ', 'box'] },
      app: { label: { en: 'Mobile app' } },
    });
    expect(themes.map((t) => t.code)).toEqual([...SEED_THEMES.map((t) => t.code), 'packaging']);
    expect(themes.find((t) => t.code === 'app')!.label).toEqual({ en: 'Mobile app', 'zh-CN': '应用问题' });
    expect(themes.find((t) => t.code === 'packaging')!.keywords).toEqual(['包装', 'packaging', 'box']);
    expect(tagThemes('包装太简陋, the boxes were crushed', compileThemes(themes))).toEqual(['packaging']);
  });

  it('leaves the seeds as they are with no section', () => {
    expect(parseVoiceThemes(undefined)).toEqual(SEED_THEMES);
    expect(mergeThemes()).toEqual(SEED_THEMES);
  });

  it('rejects a bad section with one `voice.themes.path: message` line per problem', () => {
    const bad = {
      packaging: { label: { en: 'Packaging' }, keywords: [] },
      'Bad Code': { label: { en: 'x', 'zh-CN': 'x' }, keywords: ['x'] },
      price: { keywords: ['  '], colour: 'red' },
    };
    expect(voiceThemesSchema.safeParse(bad).success).toBe(false);
    let message = '';
    try {
      parseVoiceThemes(bad, 'churn.config.json');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('churn.config.json is invalid:');
    expect(lines).toContain('voice.themes.packaging.label.zh-CN: new theme "packaging" needs a zh-CN label');
    expect(lines).toContain('voice.themes.packaging.keywords: new theme "packaging" needs at least one keyword');
    expect(lines.some((l) => l.startsWith('voice.themes.Bad Code: expected a theme code'))).toBe(true);
    expect(lines).toContain('voice.themes.price.keywords.0: expected a non-empty word or phrase');
    expect(lines.some((l) => l.startsWith('voice.themes.price: Unrecognized key') && l.includes('colour'))).toBe(true);
  });
});
