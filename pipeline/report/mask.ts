// Masks personal contact data for the published site: enough to recognise a customer, not to contact
// them. Exports for retention teams keep the full values; the site never receives them.

export function maskName(name: string | null): string | null {
  if (!name) return name;
  const trimmed = name.trim();
  // CJK names: keep the family name (first character).
  if (/^[\u3400-\u9fff]/.test(trimmed)) return trimmed[0] + '*'.repeat(Math.max(1, [...trimmed].length - 1));
  return trimmed
    .split(/\s+/)
    .map((part) => part[0] + '*'.repeat(Math.max(1, part.length - 1)))
    .join(' ');
}

export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}***@${email.slice(at + 1)}`;
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(phone.length);
  // Keep the first 3 and last 2 digits in place, star the rest; punctuation and spacing survive.
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen++;
    return seen <= 3 || seen > digits.length - 2 ? d : '*';
  });
}

/** A customer's contact fields as the site receives them: masked, unless the config shows contacts. */
export function contactFields(
  row: { name?: unknown; email?: unknown; phone?: unknown },
  show: boolean,
): { name: string | null; email: string | null; phone: string | null } {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  if (show) return { name: text(row.name), email: text(row.email), phone: text(row.phone) };
  return { name: maskName(text(row.name)), email: maskEmail(text(row.email)), phone: maskPhone(text(row.phone)) };
}
