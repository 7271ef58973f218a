import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ImportedGold } from "@/lib/domain/import/gold";

export interface ImportedItem {
  /** From the file; without one, the content hash makes re-imports idempotent. */
  externalId?: string;
  messages: ChatMessage[];
  completions: { text: string; model?: string }[];
  metadata: Record<string, unknown>;
  priority: number;
  /** The line's gold answer and role (docs/FORMATS.md "Gold items"). */
  gold?: ImportedGold;
}

export type LineResult = { ok: true; item: ImportedItem } | { ok: false; reason: string };

export const refuse = (reason: string): LineResult => ({ ok: false, reason });
