/**
 * A tiny XML 1.0 serialiser for the Open311 GeoReport v2 formats: objects become elements in key
 * order, arrays become repeated child elements named by the Open311 convention (`services` holds
 * `service`s, `service_requests` holds `request`s …), null and undefined become empty elements.
 * Text is escaped and characters that XML 1.0 forbids (control characters, lone surrogates,
 * U+FFFE/U+FFFF) are dropped, so any stored text yields a well-formed document.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** Child element names of the Open311 list elements. */
export const OPEN311_ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

// Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
// Our element names are fixed ASCII identifiers; anything else is a bug in the caller.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Text content safe for an element or an attribute value: illegal characters removed, markup escaped. */
export function escapeXml(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, '').replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

function scalarText(v: string | number | boolean): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return '';
  return escapeXml(String(v));
}

function element(name: string, value: XmlValue, itemName: (listName: string) => string): string {
  if (!NAME.test(name)) throw new Error(`Not an XML element name: ${JSON.stringify(name)}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = itemName(name);
    return `<${name}>${value.map((v) => element(child, v, itemName)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v, itemName))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  const text = scalarText(value);
  return text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`;
}

/**
 * A complete XML document whose root element is `root`. `itemName` names the children of a list
 * (default: the Open311 names; an unknown list's children are called `item`).
 */
export function toXml(root: string, value: XmlValue, itemName: (listName: string) => string = (n) => OPEN311_ITEM_NAMES[n] ?? 'item'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemName)}\n`;
}
