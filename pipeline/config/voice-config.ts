// Complaint themes of free text (docs/voice.md): the seeded keyword lists per theme in Chinese and English
// (the section's defaults) and the `voice.themes` config section that extends and renames them.
// pipeline/text/theme-tagger.ts says which themes a text mentions.
//
// Matching runs on normalised text (NFKC, lower case, runs of white space as one space): a keyword with a
// Chinese character matches as a substring (Chinese has no spaces between words); any other keyword
// matches as whole words, allowing the endings s / es / d / ed / ing ("crash" finds "crashes", "crashed";
// "app" does not find "apple"). `exclude` lists phrases that do not count for the theme (贵公司 is polite
// "your company", not a price complaint). A mention is not a verdict: "not expensive" still tags price.
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { DECLARED_NAME_PATTERN, FEEDBACK_TYPES, LOCALES, type Locale } from '../vocabulary.ts';

export interface Theme {
  code: string;
  label: Record<Locale, string>;
  keywords: readonly string[];
  exclude: readonly string[];
}

/** The seeded themes, in report order. Codes are stable: features and playbook rules name them. */
export const SEED_THEMES: readonly Theme[] = [
  {
    code: 'delivery',
    label: { en: 'Delivery', 'zh-CN': '物流配送' },
    keywords: [
      '物流',
      '快递',
      '配送',
      '发货',
      '延迟',
      '送货',
      '到货',
      '没收到',
      '签收',
      '運送',
      '發貨',
      'late',
      'delivery',
      'deliver',
      'shipping',
      'shipment',
      'courier',
      'parcel',
      'package',
      'tracking',
      'arrived late',
      'never arrived',
    ],
    exclude: [],
  },
  {
    code: 'price',
    label: { en: 'Price', 'zh-CN': '价格' },
    keywords: [
      '贵',
      '价格',
      '涨价',
      '价钱',
      '性价比',
      '收费高',
      '價格',
      'expensive',
      'price',
      'pricing',
      'overpriced',
      'too costly',
      'price increase',
    ],
    exclude: ['贵公司', '贵司', '贵方', '贵店', '贵州', '贵阳', '宝贵', '珍贵', '贵宾', '富贵', '贵姓'],
  },
  {
    code: 'quality',
    label: { en: 'Product quality', 'zh-CN': '产品质量' },
    keywords: [
      '质量',
      '坏了',
      '破损',
      '损坏',
      '次品',
      '瑕疵',
      '假货',
      '做工',
      '質量',
      '品質',
      'broken',
      'defective',
      'quality',
      'damaged',
      'faulty',
      'fake',
      'stopped working',
    ],
    exclude: [],
  },
  {
    code: 'service',
    label: { en: 'Service attitude', 'zh-CN': '服务态度' },
    keywords: [
      '态度',
      '客服',
      '不理',
      '敷衍',
      '不耐烦',
      '没人回复',
      '態度',
      'rude',
      'unhelpful',
      'impolite',
      'ignored',
      'no response',
      'customer service',
      'nobody answered',
    ],
    exclude: ['不理想', '不理解'],
  },
  {
    code: 'billing',
    label: { en: 'Billing', 'zh-CN': '账单与退款' },
    keywords: [
      '扣费',
      '账单',
      '发票',
      '退款',
      '多扣',
      '乱扣',
      '自动续费',
      '扣款',
      '帳單',
      '發票',
      'charged',
      'bill',
      'billing',
      'invoice',
      'refund',
      'overcharged',
      'double charged',
      'auto-renewal',
    ],
    exclude: [],
  },
  {
    code: 'app',
    label: { en: 'App problems', 'zh-CN': '应用问题' },
    keywords: [
      '闪退',
      '卡顿',
      '登录不了',
      '登不上',
      '无法登录',
      '打不开',
      '崩溃',
      '白屏',
      '閃退',
      'app',
      'crash',
      'bug',
      'login',
      'log in',
      'freeze',
      'glitch',
    ],
    exclude: [],
  },
];

// ---- Config ------------------------------------------------------------------------------------------
const phrase = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'expected a non-empty word or phrase').max(60, 'expected at most 60 characters'));

const themeEntrySchema = z
  .object({
    label: z
      .object({ en: z.string().trim().min(1).optional(), 'zh-CN': z.string().trim().min(1).optional() })
      .strict()
      .optional(),
    keywords: z.array(phrase).max(500).optional(),
    exclude: z.array(phrase).max(500).optional(),
  })
  .strict();

const SEED_CODES = new Set(SEED_THEMES.map((t) => t.code));

/**
 * The `voice.themes` config section: `{ code: { label: {en, zh-CN}, keywords: [...], exclude: [...] } }`.
 * A seeded code (delivery, price, quality, service, billing, app) may give any part: a label renames it,
 * keywords and exclude add to the seeds. A new code needs both labels and at least one keyword.
 */
export const voiceThemesSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a theme code of a-z, 0-9 and _ (e.g. "packaging")'),
    themeEntrySchema,
  )
  // Runs even when an entry is malformed, so one run lists every problem; it reads the raw input warily.
  .superRefine(
    (themes, ctx) => {
      for (const [code, value] of Object.entries(themes as Record<string, unknown>)) {
        if (SEED_CODES.has(code) || typeof value !== 'object' || value === null) continue;
        const entry = value as { label?: Record<string, unknown>; keywords?: unknown };
        for (const locale of LOCALES) {
          if (typeof entry.label?.[locale] !== 'string')
            ctx.addIssue({
              code: 'custom',
              path: [code, 'label', locale],
              message: `new theme "${code}" needs a ${locale} label`,
            });
        }
        if (!Array.isArray(entry.keywords) || entry.keywords.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: [code, 'keywords'],
            message: `new theme "${code}" needs at least one keyword`,
          });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type VoiceThemesConfig = z.infer<typeof voiceThemesSchema>;

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** The seeds with a parsed `voice.themes` section merged over them: seeds first, then new codes sorted. */
export function mergeThemes(config: VoiceThemesConfig = {}): Theme[] {
  const seeded = SEED_THEMES.map((seed) => {
    const entry = config[seed.code];
    if (entry === undefined) return seed;
    return {
      code: seed.code,
      label: { en: entry.label?.en ?? seed.label.en, 'zh-CN': entry.label?.['zh-CN'] ?? seed.label['zh-CN'] },
      keywords: unique([...seed.keywords, ...(entry.keywords ?? [])]),
      exclude: unique([...seed.exclude, ...(entry.exclude ?? [])]),
    };
  });
  const added = Object.keys(config)
    .filter((code) => !SEED_CODES.has(code))
    .sort()
    .map((code) => {
      const entry = config[code];
      return {
        code,
        label: { en: entry.label?.en ?? code, 'zh-CN': entry.label?.['zh-CN'] ?? code },
        keywords: unique(entry.keywords ?? []),
        exclude: unique(entry.exclude ?? []),
      };
    });
  return [...seeded, ...added];
}

/** Validates a `voice.themes` section and merges it over the seeds; a UserError lists `path: message` lines. */
export function parseVoiceThemes(value: unknown, source = 'config'): Theme[] {
  const result = voiceThemesSchema.safeParse(value ?? {});
  if (result.success) return mergeThemes(result.data);
  const lines = result.error.issues.map((issue) => {
    // A bad record key carries the key schema's own message one level down.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${['voice', 'themes', ...issue.path].join('.')}: ${message}`;
  });
  throw new UserError(`${source} is invalid:\n${lines.join('\n')}`);
}

/** Scored answers with text needed before the company's own sentiment model may replace the lexicon. */
export const DEFAULT_MIN_LABELLED = 200;

/**
 * The `voice` config section (docs/voice.md): the complaint themes, which event types carry feedback
 * text, and how many scored answers the company's own sentiment model needs before it may be used.
 */
export const voiceConfigSchema = z
  .object({
    themes: voiceThemesSchema.default({}),
    types: z
      .array(z.string().regex(DECLARED_NAME_PATTERN, 'expected an event type (a-z, 0-9 and _)'))
      .min(1)
      .default([...FEEDBACK_TYPES]),
    minLabelled: z.number().int().min(20).max(10_000_000).default(DEFAULT_MIN_LABELLED),
  })
  .strict();
export type VoiceConfig = z.infer<typeof voiceConfigSchema>;
export const DEFAULT_VOICE: VoiceConfig = voiceConfigSchema.parse({});
