// Observable Framework configuration for the static report site (source root `reports/`).
// The site only reads files the pipeline published (see reports/data/*.json.js); building it never
// retrains or touches the database. Everything it loads is bundled locally: no CDN, no web fonts.
// The site-wide locale (config report.locale) comes from the published site.json: it names the pages
// here and reaches the components through <meta name="churn-locale">.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from './pipeline/vocabulary.ts';

function publishedLocale(): Locale {
  const dir = process.env.CHURN_PUBLISH_DIR || fileURLToPath(new URL('./data/publish/', import.meta.url));
  try {
    const site = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8'));
    return site.locale === 'zh-CN' ? 'zh-CN' : 'en';
  } catch {
    return 'en';
  }
}

const locale = publishedLocale();

const SITE = { en: 'Churn & CLV report', 'zh-CN': '流失与客户终身价值报告' };
const FOOTER = {
  en: 'Churn & CLV report: built from the files the pipeline published.',
  'zh-CN': '流失与 CLV 报告：由流水线发布的文件构建。',
};

const PAGES: { path: string; en: string; 'zh-CN': string }[] = [
  { path: '/', en: 'Overview', 'zh-CN': '概览' },
  { path: '/at-risk', en: 'At-risk customers', 'zh-CN': '流失风险客户' },
  { path: '/customer', en: 'Customer detail', 'zh-CN': '客户详情' },
  { path: '/segments', en: 'Segments', 'zh-CN': '客户分群' },
  { path: '/cohorts', en: 'Cohorts', 'zh-CN': '同期群' },
  { path: '/subscriptions', en: 'Subscriptions', 'zh-CN': '订阅' },
  { path: '/value', en: 'Customer value', 'zh-CN': '客户价值' },
  { path: '/customer-base', en: 'Customer base (probabilistic)', 'zh-CN': '客户群（概率模型）' },
  { path: '/model', en: 'Model', 'zh-CN': '模型' },
  { path: '/actions', en: 'Actions', 'zh-CN': '挽留行动' },
  { path: '/voice', en: 'Voice of the customer', 'zh-CN': '客户之声' },
  { path: '/quality', en: 'Data quality', 'zh-CN': '数据质量' },
];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
// Page and site names in both locales for the pages' script (components/page-names.js): Framework's
// <title> is static, so the tab title and, under ?lang=, the sidebar and footer are set there.
const names = JSON.stringify({ site: SITE, footer: FOOTER, pages: PAGES }).replace(/</g, '\\u003c');

export default {
  root: 'reports',
  title: SITE[locale],
  // a page is listed once its source exists
  pages: PAGES.filter((p) =>
    existsSync(new URL(`./reports${p.path === '/' ? '/index' : p.path}.md`, import.meta.url)),
  ).map((p) => ({
    name: p[locale],
    path: p.path,
  })),
  // The default adds a Google Fonts stylesheet, which cannot load offline.
  globalStylesheets: [],
  theme: ['air', 'near-midnight'],
  // An empty inline icon: no favicon request (a 404 in the console otherwise).
  head: `<meta name="churn-locale" content="${locale}"><link rel="icon" href="data:,"><link rel="stylesheet" href="./components/report.css"><script type="application/json" id="churn-names">${names}</script>`,
  pager: false,
  // The default footer holds the build date (not reproducible) and an external link.
  footer: escapeHtml(FOOTER[locale]),
  search: false,
  toc: false,
  output: process.env.CHURN_SITE_OUT || 'dist',
};
