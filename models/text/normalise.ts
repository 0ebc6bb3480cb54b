// Text normalisation, the first step before detection, segmentation, hashing and the lexicon: pure and
// deterministic, so the same feedback always gives the same features.
//   1. Unicode NFKC (UAX #15): compatibility forms folded, which also maps the full-width ASCII block
//      U+FF01-U+FF5E to its half-width letters, digits and punctuation and the ideographic space U+3000
//      to a space (their decompositions are <wide> and <compat>), so "ＡＢＣ１２３，" becomes "ABC123,".
//   2. Control and format characters (Unicode categories Cc, Cf: NUL, zero-width spaces, the byte-order
//      mark, bidi marks) dropped; tab and line breaks become spaces first, as they separate words.
//   3. Lower case: only Latin (and other cased scripts) change; Han characters have no case.
//   4. Runs of white space collapsed to one space, ends trimmed.

// Most texts need only steps 1 and 3 (no control character, single plain spaces, no space at either
// end); one test finds those and skips the three replacements, a third of the cost over millions of
// texts. Lower-casing earlier changes nothing: it neither makes nor removes space or control characters.
const NEEDS_SPACING = /[\p{Cc}\p{Cf}]|[^\S ]| {2}|^ | $/u;

/** The normalised form of one text (see the header for the steps, in order). */
export function normaliseText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  if (!NEEDS_SPACING.test(folded)) return folded;
  return folded
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
