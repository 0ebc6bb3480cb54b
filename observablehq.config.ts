// Observable Framework configuration for the static report site (source root `reports/`).
// The site only reads files the pipeline published (see reports/data/*.json.js); building it never
// retrains or touches the database. Everything it loads is bundled locally: no CDN, no web fonts.

export default {
  root: 'reports',
  title: 'Churn & CLV report',
  pages: [
    { name: 'Overview', path: '/' },
    { name: 'At-risk customers', path: '/at-risk' },
    { name: 'Model', path: '/model' },
    { name: 'Customer base (probabilistic)', path: '/customer-base' },
  ],
  // The default adds a Google Fonts stylesheet, which cannot load offline.
  globalStylesheets: [],
  theme: ['air', 'near-midnight'],
  // An empty inline icon: no favicon request (a 404 in the console otherwise).
  head: '<link rel="icon" href="data:,"><link rel="stylesheet" href="./components/report.css">',
  pager: false,
  // The default footer holds the build date (not reproducible) and an external link.
  footer: 'Churn &amp; CLV report: built from the files the pipeline published.',
  search: false,
  toc: false,
  output: process.env.CHURN_SITE_OUT || 'dist',
};
