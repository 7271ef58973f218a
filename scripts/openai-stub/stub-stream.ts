// DEMO / TEST STAND-IN. The stub's streamed answers: a chat completion (as chatCompletion in
// stub-server.ts builds it) cut into `chat.completion.chunk` events the way OpenAI sends them,
// so that the streamed text is, by construction, the non-streamed reply: a first chunk per
// choice with `delta.role`, content deltas of a few words (tool calls: the call's id and name,
// then its arguments string in fragments), choices interleaved by index, one chunk per choice
// with its finish_reason, then (stream_options.include_usage) a chunk with no choices and
// the usage. The server writes them as SSE `data:` lines and ends with `data: [DONE]`.

export type StubCompletionChoice = {
  index: number;
  message: {
    role: "assistant";
    content: string | null;
    tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
    refusal: null;
  };
  logprobs: null;
  finish_reason: string;
};

export interface StubCompletion {
  id: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: StubCompletionChoice[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface StubChunks {
  chunks: Record<string, unknown>[];
  /** Index of the first chunk that carries content or a tool call (a slow first token waits before it). */
  firstTokenAt: number;
}

const WORDS_PER_DELTA = 3;
const ARGUMENT_FRAGMENT = 8;

/** The text in slices of a few words; joined, exactly the text. */
export function contentPieces(text: string): string[] {
  const starts = [...text.matchAll(/\S+/g)].map((m) => m.index);
  const cuts = starts.filter((_, i) => i > 0 && i % WORDS_PER_DELTA === 0);
  const bounds = [0, ...cuts, text.length];
  const pieces: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) pieces.push(text.slice(bounds[i], bounds[i + 1]));
  return pieces.filter((piece) => piece.length > 0);
}

function choiceDeltas(choice: StubCompletionChoice): Record<string, unknown>[] {
  const calls = choice.message.tool_calls ?? [];
  if (calls.length === 0) return contentPieces(choice.message.content ?? "").map((content) => ({ content }));
  return calls.flatMap((call, index) => {
    const fragments: Record<string, unknown>[] = [
      { tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] },
    ];
    for (let at = 0; at < call.function.arguments.length; at += ARGUMENT_FRAGMENT) {
      const slice = call.function.arguments.slice(at, at + ARGUMENT_FRAGMENT);
      fragments.push({ tool_calls: [{ index, function: { arguments: slice } }] });
    }
    return fragments;
  });
}

export function completionChunks(completion: StubCompletion, includeUsage: boolean): StubChunks {
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint,
    ...(includeUsage ? { usage: null } : {}),
  };
  const chunk = (index: number, delta: Record<string, unknown>, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
  });
  const chunks: Record<string, unknown>[] = completion.choices.map((c) =>
    chunk(c.index, { role: "assistant", content: c.message.tool_calls ? null : "", refusal: null }),
  );
  const firstTokenAt = chunks.length;
  const deltas = completion.choices.map(choiceDeltas);
  const rounds = Math.max(0, ...deltas.map((d) => d.length));
  for (let round = 0; round < rounds; round += 1) {
    completion.choices.forEach((c, i) => {
      const delta = deltas[i]![round];
      if (delta) chunks.push(chunk(c.index, delta));
    });
  }
  for (const c of completion.choices) chunks.push(chunk(c.index, {}, c.finish_reason));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return { chunks, firstTokenAt };
}
