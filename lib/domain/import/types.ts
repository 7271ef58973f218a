import type { ChatMessage } from "@/lib/domain/content-hash";

export interface ImportedItem {
  /** From the file; without one, the content hash makes re-imports idempotent. */
  externalId?: string;
  messages: ChatMessage[];
  completions: { text: string; model?: string }[];
  metadata: Record<string, unknown>;
  priority: number;
}

export type LineResult = { ok: true; item: ImportedItem } | { ok: false; reason: string };

export const refuse = (reason: string): LineResult => ({ ok: false, reason });
