// xlsx export: one sheet with typed columns (numbers, percentages, money, dates, booleans), a frozen
// bold header with a filter, and text cells neutralised like the CSV so a later edit or re-save can
// never turn a customer's name into a formula.
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Locale } from '../vocabulary.ts';
import type { ColumnType, ExportColumn, ExportRow } from './columns.ts';
import { neutralise } from './csv.ts';

const FORMATS: Partial<Record<ColumnType, string>> = {
  percent: '0.0%',
  money: '#,##0.00',
  integer: '0',
  date: 'yyyy-mm-dd',
};

export async function writeXlsx(
  path: string,
  columns: readonly ExportColumn[],
  rows: ExportRow[],
  locale: Locale,
  asOf: string,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  // Fixed metadata: the same data must give the same file.
  const stamp = new Date(`${asOf}T00:00:00Z`);
  workbook.creator = 'churn-clv';
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '流失风险客户' : 'At-risk customers', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: c.header[locale],
    key: c.key,
    width: Math.min(40, Math.max(10, c.header[locale].length + 4, c.type === 'text' ? 16 : 12)),
    style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((c) => {
          const v = row[c.key];
          if (v === null || v === undefined) return [c.key, null];
          if (c.type === 'date') return [c.key, new Date(`${v}T00:00:00Z`)];
          if (c.type === 'text') return [c.key, neutralise(String(v))];
          return [c.key, v];
        }),
      ),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  // The zip entries carry the time they were added; pinned to the as-of date, the same rows give the same bytes.
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  zip.forEach((_, entry) => {
    entry.date = stamp;
  });
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
