// Parses dates and times as sources write them: strftime-style formats (%Y %m %d %H %M %S %f %y),
// `epoch_s`, `epoch_ms`, `excel` (spreadsheet serial days), or ISO by default; local times are turned
// into UTC with an IANA time zone. Returns epoch milliseconds, or null when the text does not fit.
import { parseIsoTimestamp } from './canonical-schema.ts';

export type TimeParser = (text: string) => number | null;

const TOKENS: Record<string, { re: string; key: string }> = {
  Y: { re: '(\\d{4})', key: 'Y' },
  y: { re: '(\\d{2})', key: 'y' },
  m: { re: '(\\d{1,2})', key: 'm' },
  d: { re: '(\\d{1,2})', key: 'd' },
  H: { re: '(\\d{1,2})', key: 'H' },
  M: { re: '(\\d{2})', key: 'M' },
  S: { re: '(\\d{2})', key: 'S' },
  f: { re: '(\\d{1,9})', key: 'f' },
};

export function timeParser(format: string | undefined, timezone: string | undefined): TimeParser {
  const toUtc = timezone && timezone !== 'UTC' ? zoneConverter(timezone) : (ms: number) => ms;
  if (format === undefined || format === 'iso') {
    return (text) => {
      const t = text.trim();
      // An explicit Z or offset wins over the mapping's zone.
      const offset = /([+-])(\d{2}):?(\d{2})$/.exec(t);
      if (offset && t.length > 10) {
        const base = parseIsoTimestamp(t.slice(0, offset.index).replace(/Z$/, ''));
        const sign = offset[1] === '+' ? 1 : -1;
        return base === null ? null : base - sign * (+offset[2] * 60 + +offset[3]) * 60_000;
      }
      const ms = parseIsoTimestamp(t);
      return ms === null ? null : t.endsWith('Z') ? ms : toUtc(ms);
    };
  }
  if (format === 'epoch_s' || format === 'epoch_ms') {
    const scale = format === 'epoch_s' ? 1000 : 1;
    return (text) => {
      const n = Number(text.trim());
      return text.trim() === '' || !Number.isFinite(n) ? null : Math.round(n * scale);
    };
  }
  if (format === 'excel') {
    // Serial day numbers count from 1899-12-30 (the spreadsheet convention that absorbs the 1900 bug).
    const epoch = Date.UTC(1899, 11, 30);
    return (text) => {
      const n = Number(text.trim());
      return text.trim() === '' || !Number.isFinite(n) ? null : toUtc(epoch + Math.round(n * 86_400_000));
    };
  }
  const keys: string[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      const token = TOKENS[format[++i]];
      if (!token) throw new Error(`unknown format directive %${format[i]} in "${format}"`);
      keys.push(token.key);
      pattern += token.re;
    } else {
      pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const re = new RegExp(`^${pattern}$`);
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) return null;
    const v: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
    keys.forEach((k, i) => {
      if (k === 'y') v.Y = 2000 + Number(m[i + 1]);
      else if (k === 'f') v.f = Number(`0.${m[i + 1]}`) * 1000;
      else v[k] = Number(m[i + 1]);
    });
    const ms = Date.UTC(v.Y, v.m - 1, v.d, v.H, v.M, v.S, Math.floor(v.f));
    const back = new Date(ms);
    if (back.getUTCMonth() !== v.m - 1 || back.getUTCDate() !== v.d || v.H > 23 || v.M > 59 || v.S > 59) return null;
    return toUtc(ms);
  };
}

/** Checks an IANA zone name; returns an error message or null. */
export function checkTimeZone(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return null;
  } catch {
    return `unknown time zone "${zone}" (expected an IANA name such as Asia/Shanghai or UTC)`;
  }
}

/** Local wall-clock milliseconds in `zone` -> UTC epoch milliseconds; offsets cached per hour. */
function zoneConverter(zone: string): (wallMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  const offsetAt = (utcMs: number): number => {
    const hour = Math.floor(utcMs / 3_600_000);
    let offset = cache.get(hour);
    if (offset === undefined) {
      const parts = Object.fromEntries(format.formatToParts(new Date(hour * 3_600_000)).map((p) => [p.type, p.value]));
      const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
      offset = wall - hour * 3_600_000;
      if (cache.size > 100_000) cache.clear();
      cache.set(hour, offset);
    }
    return offset;
  };
  return (wallMs) => {
    // Two passes settle the offset across daylight-saving changes.
    let utc = wallMs - offsetAt(wallMs);
    utc = wallMs - offsetAt(utc);
    return utc;
  };
}

/** Formats epoch ms as the canonical 'YYYY-MM-DD HH:MM:SS' (UTC). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
