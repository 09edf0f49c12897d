/**
 * Field helpers for case-type schemas. An enum keeps stable English keys in the data
 * and carries its Chinese labels as JSON-Schema metadata (`enumLabels`), so the web
 * forms, the Excel import (which accepts either) and the documents all show the same
 * words without a second table.
 */
import { z } from 'zod';

export function choice<const T extends Record<string, string>>(labels: T, description: string) {
  const keys = Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
  return z.enum(keys).meta({ description, enumLabels: labels });
}

/** The Chinese label of an enum value, read from a `choice` schema (or the value itself). */
export function choiceLabel(schema: unknown, value: unknown): string {
  if (typeof value !== 'string') return value == null ? '' : String(value);
  const meta = (schema as { meta?: () => Record<string, unknown> | undefined })?.meta?.();
  const labels = meta?.enumLabels as Record<string, string> | undefined;
  return labels?.[value] ?? value;
}
