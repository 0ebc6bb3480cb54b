// Text normalisation, the first step before detection, segmentation, hashing and the lexicon: pure and
// deterministic, so the same feedback always gives the same features.
//   1. Unicode NFKC (UAX #15): compatibility forms folded, which also maps the full-width ASCII block
//      U+FF01-U+FF5E to its half-width letters, digits and punctuation and the ideographic space U+3000
//      to a space (their decompositions are <wide> and <compat>), so "ＡＢＣ１２３，" becomes "ABC123,".
//   2. Control and format characters (Unicode categories Cc, Cf: NUL, zero-width spaces, the byte-order
//      mark, bidi marks) dropped; tab and line breaks become spaces first, as they separate words.
//   3. Lower case: only Latin (and other cased scripts) change; Han characters have no case.
//   4. Runs of white space collapsed to one space, ends trimmed.

/** The normalised form of one text (see the header for the steps, in order). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}
