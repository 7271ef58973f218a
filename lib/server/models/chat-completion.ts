import "server-only";
import { z } from "zod";
import { EndpointAnswerError } from "@/lib/server/models/endpoint-errors";

// A chat completion as an endpoint answered it, checked once here: the SDK types an answer but
// does not check it, and an OpenAI-compatible server may send anything (a proxy's HTML page
// arrives as a string).

const answerSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().int().optional(),
        message: z.object({ content: z.string().nullable().optional() }).passthrough(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() })
    .nullable()
    .optional(),
});

export interface ChatCompletionResult {
  /** The model the server says answered (may differ from the id asked for, e.g. an alias). */
  model: string | null;
  choices: { text: string; finishReason: string | null }[];
  usage: { promptTokens: number; completionTokens: number } | null;
}

export function readChatCompletion(answer: unknown): ChatCompletionResult {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) {
    throw new EndpointAnswerError(
      typeof answer === "string"
        ? "the endpoint's answer is not JSON (is the base URL right? it usually ends in /v1)"
        : "the endpoint's answer is not a chat completion (no choices with a message)",
    );
  }
  const { model, choices, usage } = parsed.data;
  return {
    model: model ?? null,
    choices: choices.map((c) => ({ text: c.message.content ?? "", finishReason: c.finish_reason ?? null })),
    usage: usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null,
  };
}
