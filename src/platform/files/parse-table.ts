/**
 * Reads an uploaded table (CSV or .xlsx) into header-keyed rows. Never throws on malformed input:
 * every problem is either a value in `problems` (row-level) or an `ImportFileError` with a stable code.
 * CSV follows RFC 4180 (quoted cells may span lines, `""` is a quote); the bytes are UTF-8 when they
 * decode as valid UTF-8, else GBK (the encoding Excel on a Chinese Windows writes).
 */
import ExcelJS from 'exceljs';

/** Largest file accepted, in bytes: bigger files are refused whole rather than partly read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Most data rows in one file. */
export const MAX_IMPORT_ROWS = 200_000;

export class ImportFileError extends Error {
  constructor(
    readonly code: 'IMPORT.FILE_TOO_LARGE' | 'IMPORT.EMPTY_FILE' | 'IMPORT.UNREADABLE_FILE' | 'IMPORT.TOO_MANY_ROWS',
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedRow {
  /** 1-based line number of the row's first line in the file (the header is row 1). */
  rowNumber: number;
  cells: Record<string, string>;
}

export interface ParsedTable {
  encoding: 'utf-8' | 'gbk' | 'xlsx';
  headers: string[];
  rows: ParsedRow[];
  /** Rows that could not be read (ragged, unterminated quote): they are rejected, never guessed. */
  problems: { rowNumber: number; reason: string }[];
}

/** UTF-8 when the bytes are valid UTF-8, else GBK. A leading BOM is dropped. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  let text: string;
  let encoding: 'utf-8' | 'gbk' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gbk').decode(bytes);
    encoding = 'gbk';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

interface RawRecord {
  line: number;
  fields: string[];
  error?: string;
}

/** RFC 4180 records with the line each starts on; an unterminated quote marks the last record bad. */
export function splitCsv(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let i = 0;
  let inQuotes = false;
  let quotedField = false;
  let error: string | undefined;
  const n = text.length;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) out.push({ line: startLine, fields, ...(error ? { error } : {}) });
    fields = [];
    field = '';
    quotedField = false;
    error = undefined;
  };
  while (i < n) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field.length === 0 && !quotedField) {
        inQuotes = true;
        quotedField = true;
      } else {
        error ??= 'BAD_QUOTE';
        field += c;
      }
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      startLine = line;
    } else {
      if (quotedField) error ??= 'BAD_QUOTE';
      field += c;
      i++;
    }
  }
  if (inQuotes) error = 'UNTERMINATED_QUOTE';
  if (field.length > 0 || fields.length > 0 || quotedField) endRecord();
  return out;
}

function toTable(records: RawRecord[], encoding: ParsedTable['encoding']): ParsedTable {
  const head = records[0];
  if (head === undefined) throw new ImportFileError('IMPORT.EMPTY_FILE', 'The file has no header row');
  const headers = head.fields.map((h) => h.trim());
  if (headers.every((h) => h === '')) throw new ImportFileError('IMPORT.EMPTY_FILE', 'The header row is empty');
  if (records.length - 1 > MAX_IMPORT_ROWS)
    throw new ImportFileError('IMPORT.TOO_MANY_ROWS', `The file has ${records.length - 1} rows; at most ${MAX_IMPORT_ROWS} per file`);
  const rows: ParsedRow[] = [];
  const problems: ParsedTable['problems'] = [];
  for (const r of records.slice(1)) {
    if (r.error) {
      problems.push({ rowNumber: r.line, reason: r.error });
      continue;
    }
    if (r.fields.length !== headers.length) {
      problems.push({ rowNumber: r.line, reason: 'RAGGED_ROW' });
      continue;
    }
    const cells: Record<string, string> = {};
    headers.forEach((h, j) => {
      if (h !== '') cells[h] = r.fields[j]!;
    });
    rows.push({ rowNumber: r.line, cells });
  }
  return { encoding, headers, rows, problems };
}

export function parseCsv(bytes: Uint8Array): ParsedTable {
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new ImportFileError('IMPORT.FILE_TOO_LARGE', `The file is ${bytes.byteLength} bytes; at most ${MAX_IMPORT_BYTES}`);
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw new ImportFileError('IMPORT.UNREADABLE_FILE', 'The file is not text (it contains NUL bytes)');
  return toTable(splitCsv(text), encoding);
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** First sheet of an .xlsx workbook, header in row 1. */
export async function parseXlsx(bytes: Uint8Array): Promise<ParsedTable> {
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new ImportFileError('IMPORT.FILE_TOO_LARGE', `The file is ${bytes.byteLength} bytes; at most ${MAX_IMPORT_BYTES}`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (e) {
    throw new ImportFileError('IMPORT.UNREADABLE_FILE', `The workbook cannot be read: ${(e as Error).message}`);
  }
  const sheet = wb.worksheets[0];
  if (sheet === undefined) throw new ImportFileError('IMPORT.EMPTY_FILE', 'The workbook has no sheet');
  const records: RawRecord[] = [];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const fields: string[] = [];
    for (let j = 1; j <= Math.max(width, 1); j++) fields.push(cellText(row.getCell(j).value));
    records.push({ line: n, fields });
  });
  return toTable(records, 'xlsx');
}

/** CSV or .xlsx by content (a ZIP signature means a workbook). */
export async function parseTable(bytes: Uint8Array): Promise<ParsedTable> {
  if (bytes.byteLength === 0) throw new ImportFileError('IMPORT.EMPTY_FILE', 'The file is empty');
  return isZip(bytes) ? parseXlsx(bytes) : parseCsv(bytes);
}
