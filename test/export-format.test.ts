// CSV cells safe for Excel, masked contact data for the site, and the CSV reader's edge cases.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, neutralise } from '../pipeline/export/csv.ts';
import { openCsv } from '../pipeline/ingest/sources/csv-source.ts';
import { maskEmail, maskName, maskPhone } from '../pipeline/report/mask.ts';
import { tempDir } from './helpers/temp-db.ts';

describe('CSV export cells', () => {
  it('neutralises formula injection in text cells', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+86 138 0000 0000', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralise(bad).startsWith("'")).toBe(true);
    }
    expect(neutralise('Alice')).toBe('Alice');
    expect(csvCell(-0.5)).toBe('-0.5'); // numbers stay numbers
  });

  it('quotes per RFC 4180', () => {
    expect(csvLine(['a,b', 'say "hi"', null, 3])).toBe('"a,b","say ""hi""",,3\r\n');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });
});

describe('masking for the site', () => {
  it('keeps enough to recognise, not to contact', () => {
    expect(maskEmail('alice.smith@example.com')).toBe('a***@example.com');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 1** **** **78');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('Alice Smith')).toBe('A**** S****');
    expect(maskEmail(null)).toBeNull();
  });
});

describe('CSV reader', () => {
  it('handles BOM, quotes, embedded newlines and CRLF, and reports start lines', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'x.csv');
      writeFileSync(file, '\uFEFFa,b\r\n1,"x, ""y"""\r\n2,"multi\nline"\r\n3,z');
      const source = await openCsv(file);
      expect(source.columns).toEqual(['a', 'b']);
      const records = [];
      for await (const r of source.records) records.push({ line: r.line, fields: r.fields });
      expect(records).toEqual([
        { line: 2, fields: ['1', 'x, "y"'] },
        { line: 3, fields: ['2', 'multi\nline'] },
        { line: 5, fields: ['3', 'z'] },
      ]);
    } finally {
      cleanup();
    }
  });
});
