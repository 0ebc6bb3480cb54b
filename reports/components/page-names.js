// The tab title, and under ?lang= the sidebar, site name and footer, in the page's locale.
// Framework writes <title> from static front matter, so the built HTML names only the site (in the
// built locale); observablehq.config.ts puts every name in both locales into <script id="churn-names">.

/** names: {site, footer, pages: [{path, en, "zh-CN"}]}; pathname: location.pathname. */
export function pageTitle(names, locale, pathname) {
  const here = pathname.replace(/\.html$/, '').replace(/\/index$/, '/');
  const page = names.pages.find((p) => (p.path === '/' ? here.endsWith('/') : here.endsWith(p.path)));
  return page ? `${page[locale]} | ${names.site[locale]}` : names.site[locale];
}

export function localizePage(locale, doc = globalThis.document) {
  const source = doc?.getElementById?.('churn-names');
  if (!source) return;
  const names = JSON.parse(source.textContent);
  doc.title = pageTitle(names, locale, doc.location.pathname);
  const built = doc.querySelector('meta[name="churn-locale"]')?.getAttribute('content');
  if (built === locale) return;
  // ?lang= asked for the other locale: the sidebar and footer were built in the site's locale
  const byPath = new Map(names.pages.map((p) => [p.path, p[locale]]));
  const links = [...doc.querySelectorAll('#observablehq-sidebar li.observablehq-link a')];
  links.forEach((a, i) => {
    const path = new URL(a.getAttribute('href'), 'http://x/').pathname;
    // the first link is the site's name, the others are pages (the first page is also "./")
    a.textContent = i === 0 ? names.site[locale] : (byPath.get(path) ?? a.textContent);
  });
  const footer = doc.getElementById('observablehq-footer');
  if (footer) (footer.firstElementChild ?? footer).textContent = names.footer[locale];
}
