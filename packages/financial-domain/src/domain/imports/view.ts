import type { ImportError, ImportFormat, ImportStatus } from '../../db/schema/imports.ts';
import type { ImportSummary } from '../../repositories/imports.ts';

export type ImportView = {
  id: string;
  accountId: string;
  format: ImportFormat;
  fileName: string | null;
  status: ImportStatus;
  presetId: string | null;
  progress: { processedRows: number; totalRows: number };
  outcome: {
    /** Rows read from the file. */
    parsed: number;
    created: number;
    duplicates: number;
    /** Stored pending transactions that a booked row of the file replaced. */
    replaced: number;
    errors: ImportError[];
  };
  detected: Record<string, unknown>;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const toImportView = (row: ImportSummary): ImportView => ({
  id: row.id,
  accountId: row.accountId,
  format: row.format,
  fileName: row.fileName,
  status: row.status,
  presetId: row.presetId,
  progress: { processedRows: row.processedRows, totalRows: row.totalRows },
  outcome: { parsed: row.totalRows, created: row.createdCount, duplicates: row.duplicateCount, replaced: row.replacedCount, errors: row.errors },
  detected: row.detected,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
});
