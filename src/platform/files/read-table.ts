/** Reads an uploaded CSV/XLSX file for an import; an unreadable file is the caller's bad input (400). */
import { AppError } from '../errors.ts';
import { ImportFileError, parseTable, type ParsedTable } from './parse-table.ts';

export async function readImportTable(bytes: Uint8Array): Promise<ParsedTable> {
  try {
    return await parseTable(bytes);
  } catch (e) {
    if (e instanceof ImportFileError) throw new AppError('VALIDATION.INVALID_INPUT', e.message, { reason: e.code });
    throw e;
  }
}
