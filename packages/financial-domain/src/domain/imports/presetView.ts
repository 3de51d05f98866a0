import type { CsvMapping, CsvPreset } from '@ai-service/statement-import';
import type { CsvPresetRow } from '../../repositories/imports.ts';

/** A CSV mapping preset: built into the platform (`builtIn`, a slug id) or saved by the tenant (a uuid). */
export type CsvPresetView = {
  id: string;
  name: string;
  bank: string | null;
  mapping: CsvMapping;
  builtIn: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
};

export const builtInPresetView = (preset: CsvPreset): CsvPresetView => ({
  id: preset.id,
  name: preset.name,
  bank: preset.bank,
  mapping: preset.mapping,
  builtIn: true,
  createdAt: null,
  updatedAt: null,
});

export const toCsvPresetView = (row: CsvPresetRow): CsvPresetView => ({
  id: row.id,
  name: row.name,
  bank: row.bank,
  mapping: row.mapping as CsvMapping,
  builtIn: false,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
