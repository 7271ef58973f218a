// Export rows with exactly the field names Hugging Face TRL reads (see docs/EXPORTS.md).
import type { ChatMessage } from "@/lib/domain/content-hash";
import { itemConsensus } from "@/lib/domain/agreement/consensus";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { rankingToPairs } from "@/lib/domain/export/pairs";
import type { RowSource, SourcedLine } from "@/lib/domain/export/sources";
import { formatHhTranscript } from "@/lib/domain/import/hh";
import {
  openAiMessages,
  openAiTools,
  toolTurnsAsText,
  trlMessages,
  type ToolDefinition,
} from "@/lib/domain/tool-calls";

export interface ExportOptions {
  /** best-of-n: the winner's mean Likert score must reach this. */
  minLikert?: number;
}

export interface ExportAnnotation {
  id: string;
  labeler: string;
  createdAt: Date;
  text: string | null;
  ranking: string[][] | null;
  strength: number | null;
  tie: string | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  comment: string | null;
  timeSpentMs: number | null;
  displayOrder: string[];
  guidelineVersion: number;
  /** A labeler's rewrite of one completion of the item (usually the one they ranked best). */
  rewrite: { editedFrom: string; text: string } | null;
  /**
   * Where the answer's label came from (docs/EXPORTS.md "Sources"); a labeler's answer when
   * unset. A judge's verdict is an answer too (judge-rows.ts): its ranking, no text or flags.
   */
  source?: RowSource;
}

export interface ExportItem {
  externalId: string;
  /** Pairwise agreement of the item's labelers (null below two rankings). */
  agreement: number | null;
  messages: ChatMessage[];
  /** The item's OpenAI function definitions (items.metadata.tools), when it has any. */
  tools?: ToolDefinition[] | null;
  /** Original completions by id. */
  completions: Map<string, { text: string; model: string | null }>;
  annotations: ExportAnnotation[];
}

const assistant = (content: string): ChatMessage => ({ role: "assistant", content });

/**
 * The HH release's own line layout (Python json.dumps: ", " and ": " separators), so that an
 * imported HH file answered with its "chosen" sides comes back byte for byte.
 */
function hhLine(chosen: string, rejected: string): string {
  return `{"chosen": ${JSON.stringify(chosen)}, "rejected": ${JSON.stringify(rejected)}}`;
}

/** The JSONL lines one item contributes to an export, in a fixed order (byte-identical reruns). */
export function exportLines(format: ExportFormat, item: ExportItem, options: ExportOptions = {}): string[] {
  return exportRows(format, item, options).map((row) => row.line);
}

/** exportLines with each row's source (the manifest counts rows by source). */
export function exportRows(format: ExportFormat, item: ExportItem, options: ExportOptions = {}): SourcedLine[] {
  const rows: SourcedLine[] = [];
  let source: RowSource = "human";
  // Every row a source; `lines.push` below tags each line with the answer's.
  const lines = {
    push: (line: string, label?: boolean) =>
      rows.push(label === undefined ? { line, source } : { line, source, label }),
  };
  const sourceJson = () => `,"source":${JSON.stringify(source)}`;
  const text = (id: string) => item.completions.get(id)?.text;
  let promptJson: string | undefined;
  // TRL's tool format: arguments as objects, and a `tools` column last on the row when the
  // item defines tools (lib/domain/tool-calls.ts). Without tools, rows are as they always were.
  const messages = trlMessages(item.messages);
  const tools = item.tools?.length ? { tools: item.tools } : {};
  const toolsJson = item.tools?.length
    ? `,"tools":${JSON.stringify(format === "openai-dpo" ? openAiTools(item.tools) : item.tools)}`
    : "";
  // The item's id on preference, KTO and safety rows, to trace a row back (TRL ignores the
  // extra column). Not on preference-hh: that layout stays the HH release's, byte for byte.
  const itemIdJson = JSON.stringify(item.externalId);
  const replies = new Map<string, string>();
  /** `[{"role":"assistant","content":...}]` of a completion, serialized once (a rewrite: each time). */
  const replyJson = (id: string | null, content: string) => {
    if (id === null) return JSON.stringify([assistant(content)]);
    let json = replies.get(id);
    if (json === undefined) {
      json = JSON.stringify([assistant(content)]);
      replies.set(id, json);
    }
    return json;
  };
  if (format === "best-of-n") {
    // FeedME: the consensus-best completion becomes a demonstration. The labelers' consensus
    // when there are labelers' answers; a judge's verdict only on an item no labeler answered.
    const human = item.annotations.filter((a) => (a.source ?? "human") === "human");
    const answers = human.length > 0 ? human : item.annotations;
    source = answers[0]?.source ?? "human";
    const consensus = itemConsensus([...item.completions.keys()], answers);
    const winner = consensus.ranking[0]?.length === 1 ? consensus.ranking[0][0]! : null;
    if (!winner) return rows;
    if (options.minLikert !== undefined && (consensus.likert[winner]?.mean ?? -Infinity) < options.minLikert)
      return rows;
    lines.push(JSON.stringify({ messages: [...messages, assistant(text(winner)!)], source, ...tools }));
    return rows;
  }
  for (const a of item.annotations) {
    source = a.source ?? "human";
    switch (format) {
      case "sft":
      case "sft-prompt-completion": {
        // A demonstration, or a rewrite: both are replies a labeler wrote.
        const replies = [a.text, a.rewrite?.text].filter((r): r is string => Boolean(r));
        for (const reply of replies) {
          lines.push(
            JSON.stringify(
              format === "sft"
                ? { messages: [...messages, assistant(reply)], source, ...tools }
                : { prompt: messages, completion: [assistant(reply)], source, ...tools },
            ),
          );
        }
        break;
      }
      case "preference":
      case "preference-hh":
      case "openai-dpo": {
        // JSON.stringify({prompt, chosen, rejected, margin}) built from pieces serialized once per
        // item (the prompt) and once per completion: the same bytes, far less garbage.
        // openai-dpo keeps the OpenAI wire form: arguments as JSON strings.
        promptJson ??= JSON.stringify(format === "openai-dpo" ? openAiMessages(item.messages) : messages);
        const pairs = a.ranking ? rankingToPairs(a.ranking, a.strength) : [];
        // A rewrite is preferred over the completion it improves.
        if (a.rewrite && text(a.rewrite.editedFrom) !== undefined) {
          pairs.unshift({ chosen: "rewrite", rejected: a.rewrite.editedFrom, margin: 1 });
        }
        for (const pair of pairs) {
          const chosen = pair.chosen === "rewrite" ? a.rewrite!.text : text(pair.chosen);
          const rejected = text(pair.rejected);
          if (chosen === undefined || rejected === undefined) continue;
          if (format === "openai-dpo") {
            // OpenAI's preference fine-tuning line, with its keys only (see docs/EXPORTS.md).
            lines.push(
              `{"input":{"messages":${promptJson}${toolsJson}},"preferred_output":${replyJson(pair.chosen === "rewrite" ? null : pair.chosen, chosen)},"non_preferred_output":${replyJson(pair.rejected, rejected)}}`,
            );
            continue;
          }
          lines.push(
            format === "preference"
              ? `{"prompt":${promptJson},"chosen":${replyJson(pair.chosen === "rewrite" ? null : pair.chosen, chosen)},"rejected":${replyJson(pair.rejected, rejected)},"margin":${JSON.stringify(pair.margin)},"item_id":${itemIdJson}${sourceJson()}${toolsJson}}`
              : // HH has two speakers: tool calls and results are written into the Assistant turns.
                hhLine(
                  formatHhTranscript(toolTurnsAsText([...item.messages, assistant(chosen)])),
                  formatHhTranscript(toolTurnsAsText([...item.messages, assistant(rejected)])),
                ),
          );
        }
        break;
      }
      case "kto": {
        // Unpaired feedback: the best group is desirable, the worst undesirable; a tie says
        // both good or both bad.
        const ranking = a.ranking ?? [];
        const labelled: [string, boolean][] =
          ranking.length === 1
            ? a.tie
              ? ranking[0]!.map((id) => [id, a.tie === "good"])
              : []
            : [
                ...(ranking[0] ?? []).map((id): [string, boolean] => [id, true]),
                ...(ranking.length > 1 ? ranking[ranking.length - 1]! : []).map((id): [string, boolean] => [id, false]),
              ];
        for (const [id, label] of labelled) {
          if (text(id) === undefined) continue;
          lines.push(
            JSON.stringify({
              prompt: messages,
              completion: [assistant(text(id)!)],
              label,
              item_id: item.externalId,
              source,
              ...tools,
            }),
            label,
          );
        }
        break;
      }
      case "safety":
        // Every completion this labeler judged, with the flags they gave it (none is a label too).
        for (const id of a.displayOrder) {
          if (text(id) === undefined) continue;
          lines.push(
            JSON.stringify({
              prompt: messages,
              completion: text(id),
              flags: [...(a.flags?.[id] ?? [])].sort(),
              item_id: item.externalId,
              source,
              ...tools,
            }),
          );
        }
        break;
      case "raw":
        lines.push(
          JSON.stringify({
            item: item.externalId,
            annotation: a.id,
            labeler: a.labeler,
            created_at: a.createdAt.toISOString(),
            time_spent_ms: a.timeSpentMs,
            guideline_version: a.guidelineVersion,
            display_order: a.displayOrder,
            prompt: item.messages,
            completions: [...item.completions].map(([id, c]) => ({ id, text: c.text, model: c.model })),
            text: a.text,
            ranking: a.ranking,
            strength: a.strength,
            tie: a.tie,
            ratings: a.ratings,
            flags: a.flags,
            rewrite: a.rewrite,
            comment: a.comment,
            source,
            // raw keeps the messages as stored (OpenAI wire form: arguments as JSON strings).
            ...tools,
          }),
        );
        break;
    }
  }
  return rows;
}
