/** How personal data is shown to those who may not see it (DOMAIN-RULES §13): pure, used by every module. */

/** 张三 → 张*, 欧阳娜娜 → 欧***; empty stays empty. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812341234 → 138****1234; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length === 0) return '';
  if (p.length >= 11) return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, p.length - 2))}${p.slice(-2)}`;
}

/** Masks an address after its first 6 characters (street and road stay, the door number goes). */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? address : chars.slice(0, 6).join('') + '****';
}
