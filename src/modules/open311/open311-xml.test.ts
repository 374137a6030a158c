import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from './open311-xml.ts';

const HEADER = '<?xml version="1.0" encoding="utf-8"?>\n';

describe('Open311 XML serialiser', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML 1.0 forbids and keeps everything else', () => {
    expect(escapeXml('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg');
    expect(escapeXml('tab\tnl\n')).toBe('tab\tnl\n');
    expect(escapeXml('cr\r')).toBe('cr&#13;');
    expect(escapeXml('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(escapeXml('电梯 😀 \u{10FFFF}')).toBe('电梯 😀 \u{10FFFF}');
  });

  it('writes objects in key order, lists with Open311 child names, and empties for null', () => {
    const xml = toXml('service_requests', [{ service_request_id: 'JS1', lat: 39.94, account_id: null, metadata: false, notes: '' }]);
    expect(xml).toBe(
      `${HEADER}<service_requests><request><service_request_id>JS1</service_request_id><lat>39.94</lat><account_id/><metadata>false</metadata><notes/></request></service_requests>\n`,
    );
    expect(toXml('services', [])).toBe(`${HEADER}<services></services>\n`);
    expect(toXml('errors', [{ code: 400, description: 'bad <input>' }])).toBe(
      `${HEADER}<errors><error><code>400</code><description>bad &lt;input&gt;</description></error></errors>\n`,
    );
    expect(toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] })).toBe(
      `${HEADER}<discovery><endpoints><endpoint><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints></discovery>\n`,
    );
    expect(toXml('x', { things: [1, 2] })).toBe(`${HEADER}<x><things><item>1</item><item>2</item></things></x>\n`);
    expect(toXml('x', { n: Number.NaN })).toBe(`${HEADER}<x><n/></x>\n`);
  });

  it('refuses element names that are not XML names (a caller bug)', () => {
    expect(() => toXml('a b', 'x')).toThrow(/element name/);
    expect(() => toXml('x', { '<script>': 1 })).toThrow(/element name/);
  });
});
