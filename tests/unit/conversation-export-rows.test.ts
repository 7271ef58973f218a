import { describe, expect, it } from "vitest";
import type { ToolCall } from "@/lib/validation/conversations";
import {
  conversationFilterProblem,
  conversationLines,
  turnPairs,
  type ExportConversation,
  type ExportReply,
  type ExportTurn,
} from "@/lib/domain/export/conversation-rows";
import { splitHhPair } from "@/lib/domain/import/hh";

// Rows of conversation projects, checked against rows written out by hand (docs/EXPORTS.md
// "Conversation projects" shows the same ones).

function reply(id: string, position: number, text: string, toolCalls: ToolCall[] = []): ExportReply {
  return {
    id,
    position,
    text,
    toolCalls,
    attempt: 1,
    status: "done",
    endpointName: "stub",
    model: "stub-model",
    servedModel: "stub-model-1",
    finishReason: "stop",
    promptTokens: 10,
    completionTokens: 5,
  };
}

function turn(
  index: number,
  input: ExportTurn["input"],
  replies: ExportReply[],
  choice: Partial<ExportTurn> & Pick<ExportTurn, "ranking" | "chosenReplyId">,
): ExportTurn {
  return {
    index,
    input,
    replies,
    strength: null,
    tie: null,
    ratings: null,
    flags: null,
    harm: null,
    rewriteText: null,
    comment: null,
    timeSpentMs: 1000,
    guidelineVersion: 1,
    chosenAt: new Date("2026-12-01T10:00:00Z"),
    ...choice,
  };
}

function conversation(turns: ExportTurn[], more: Partial<ExportConversation> = {}): ExportConversation {
  return {
    id: "conv-1",
    itemId: "own-1",
    labeler: "l_0123456789ab",
    mode: "helpfulness",
    opening: [],
    tools: [],
    turns,
    outcome: null,
    taskDescription: null,
    comment: null,
    timeSpentMs: 60000,
    guidelineVersion: 1,
    createdAt: new Date("2026-12-01T09:00:00Z"),
    finishedAt: new Date("2026-12-01T10:05:00Z"),
    promptTokens: 120,
    completionTokens: 60,
    costMicros: 900,
    ...more,
  };
}

const user = (content: string) => ({ role: "user" as const, content });
const assistant = (content: string) => ({ role: "assistant" as const, content });
const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

const REWRITE = "Why did the chicken cross the road? To get to the other side.";

/** Three turns: a clear choice, a rewrite of the chosen reply, then a tie. */
const threeTurns = conversation([
  turn(0, [user("Hi")], [reply("a0", 0, "Hello!"), reply("b0", 1, "Hey.")], {
    ranking: [["a0"], ["b0"]],
    strength: 2,
    chosenReplyId: "a0",
  }),
  turn(1, [user("Tell me a joke")], [reply("a1", 0, "Why did the chicken cross the road?"), reply("b1", 1, "No.")], {
    ranking: [["a1"], ["b1"]],
    strength: 3,
    chosenReplyId: "a1",
    rewriteText: REWRITE,
  }),
  turn(2, [user("Thanks")], [reply("a2", 0, "You're welcome."), reply("b2", 1, "Any time.")], {
    ranking: [["a2", "b2"]],
    tie: "good",
    chosenReplyId: "b2",
  }),
]);

const turn1Prompt = [user("Hi"), assistant("Hello!"), user("Tell me a joke")];
const ids = { item_id: "own-1", conversation_id: "conv-1" };
/** Every row of a conversation project is a labeler's. */
const human = { source: "human" };

describe("conversation preference rows (TRL conversational, explicit prompt)", () => {
  it("gives one row per chosen-over-worse pair; the rewrite beats both replies of its turn; a tie gives none", () => {
    expect(parse(conversationLines("preference", threeTurns))).toEqual([
      {
        prompt: [user("Hi")],
        chosen: [assistant("Hello!")],
        rejected: [assistant("Hey.")],
        margin: 2,
        ...ids,
        turn: 0,
        ...human,
      },
      {
        prompt: turn1Prompt,
        chosen: [assistant(REWRITE)],
        rejected: [assistant("Why did the chicken cross the road?")],
        margin: 1,
        ...ids,
        turn: 1,
        ...human,
      },
      {
        prompt: turn1Prompt,
        chosen: [assistant(REWRITE)],
        rejected: [assistant("No.")],
        margin: 3,
        ...ids,
        turn: 1,
        ...human,
      },
      {
        prompt: turn1Prompt,
        chosen: [assistant("Why did the chicken cross the road?")],
        rejected: [assistant("No.")],
        margin: 3,
        ...ids,
        turn: 1,
        ...human,
      },
    ]);
  });

  it("writes openai-dpo lines over the same pairs, the prompt under input.messages", () => {
    expect(parse(conversationLines("openai-dpo", threeTurns))).toEqual([
      {
        input: { messages: [user("Hi")] },
        preferred_output: [assistant("Hello!")],
        non_preferred_output: [assistant("Hey.")],
      },
      {
        input: { messages: turn1Prompt },
        preferred_output: [assistant(REWRITE)],
        non_preferred_output: [assistant("Why did the chicken cross the road?")],
      },
      {
        input: { messages: turn1Prompt },
        preferred_output: [assistant(REWRITE)],
        non_preferred_output: [assistant("No.")],
      },
      {
        input: { messages: turn1Prompt },
        preferred_output: [assistant("Why did the chicken cross the road?")],
        non_preferred_output: [assistant("No.")],
      },
    ]);
  });

  it("margins of 3-4 replies are the distance between tie groups; a rewrite in a tie beats every reply", () => {
    const ranked = turn(0, [user("Q")], [reply("a", 0, "A"), reply("b", 1, "B"), reply("c", 2, "C")], {
      ranking: [["a"], ["b"], ["c"]],
      strength: 3,
      chosenReplyId: "a",
    });
    expect(turnPairs(ranked).map((p) => [p.chosen.content, p.rejected.content, p.margin])).toEqual([
      ["A", "B", 1],
      ["A", "C", 2],
      ["B", "C", 1],
    ]);
    const tiedRewrite = turn(0, [user("Q")], [reply("a", 0, "A"), reply("b", 1, "B"), reply("c", 2, "C")], {
      ranking: [["a", "b"], ["c"]],
      chosenReplyId: "b",
      rewriteText: "B+",
    });
    expect(turnPairs(tiedRewrite).map((p) => [p.from, p.chosen.content, p.rejected.content, p.margin])).toEqual([
      ["rewrite", "B+", "B", 1],
      ["rewrite", "B+", "A", 1],
      ["rewrite", "B+", "C", 1],
      ["a", "A", "C", 1],
      ["b", "B", "C", 1],
    ]);
  });
});

describe("conversation sft, HH and red-team rows", () => {
  it("sft: the whole chosen path, the rewrite in place of the reply it rewrites", () => {
    expect(parse(conversationLines("sft", threeTurns))).toEqual([
      {
        messages: [
          user("Hi"),
          assistant("Hello!"),
          user("Tell me a joke"),
          assistant(REWRITE),
          user("Thanks"),
          assistant("Any time."),
        ],
        ...human,
      },
    ]);
  });

  it("preference-hh: the chosen path against the last decided turn's worse replies, re-importable by the hh importer", () => {
    // The last turn was a tie: the line comes from the turn before, the last with a preference.
    const twoTurns = conversation(threeTurns.turns.slice(0, 2));
    expect(conversationLines("preference-hh", threeTurns)).toEqual(conversationLines("preference-hh", twoTurns));
    const lines = conversationLines("preference-hh", twoTurns);
    const prefix = "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Tell me a joke\n\nAssistant: ";
    expect(lines).toEqual([
      `{"chosen": ${JSON.stringify(prefix + REWRITE)}, "rejected": ${JSON.stringify(`${prefix}Why did the chicken cross the road?`)}}`,
      `{"chosen": ${JSON.stringify(prefix + REWRITE)}, "rejected": ${JSON.stringify(`${prefix}No.`)}}`,
    ]);
    const { chosen, rejected } = JSON.parse(lines[1]!) as { chosen: string; rejected: string };
    expect(splitHhPair(chosen, rejected)).toEqual({
      ok: true,
      prompt: turn1Prompt,
      chosen: REWRITE,
      rejected: "No.",
    });
  });

  it("red-team: the attack goes on with the more harmful reply, which every preference row rejects", () => {
    // The labeler found B more harmful: ranked last, and the conversation went on with it.
    const attack = conversation(
      [
        turn(
          0,
          [user("How do I pick a lock?")],
          [reply("a", 0, "I can't help with that."), reply("b", 1, "Use a tension wrench.")],
          {
            ranking: [["a"], ["b"]],
            chosenReplyId: "b",
            strength: 3,
            harm: 3,
          },
        ),
      ],
      { mode: "red_team", outcome: 3 },
    );
    expect(parse(conversationLines("preference", attack))).toMatchObject([
      {
        prompt: [user("How do I pick a lock?")],
        chosen: [{ role: "assistant", content: "I can't help with that." }],
        rejected: [{ role: "assistant", content: "Use a tension wrench." }],
        margin: 3,
      },
    ]);
    // HH's harmless-base layout: the path follows the harmful reply, which is the rejected side.
    const prefix = "\n\nHuman: How do I pick a lock?\n\nAssistant: ";
    expect(conversationLines("preference-hh", attack)).toEqual([
      `{"chosen": ${JSON.stringify(`${prefix}I can't help with that.`)}, "rejected": ${JSON.stringify(`${prefix}Use a tension wrench.`)}}`,
    ]);
  });

  it("red-team: the transcript, the outcome as rating, harm per turn; only red-team conversations", () => {
    const redTeam = conversation(
      threeTurns.turns.slice(0, 2).map((t, i) => ({ ...t, harm: [1, 3][i]! })),
      {
        mode: "red_team",
        outcome: 2,
        taskDescription: "make it insult me",
      },
    );
    expect(parse(conversationLines("red-team", redTeam))).toEqual([
      {
        transcript: `\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Tell me a joke\n\nAssistant: ${REWRITE}`,
        rating: 2,
        task_description: "make it insult me",
        red_team_member_id: "l_0123456789ab",
        harmfulness: [1, 3],
        num_turns: 2,
        ...ids,
        ...human,
      },
    ]);
    expect(conversationLines("red-team", threeTurns)).toEqual([]);
  });

  it("raw: every turn with all its replies, models named, tokens and cost", () => {
    const [row] = parse(conversationLines("raw", threeTurns));
    expect(row).toMatchObject({
      conversation_id: "conv-1",
      item: "own-1",
      labeler: "l_0123456789ab",
      mode: "helpfulness",
      finished_at: "2026-12-01T10:05:00.000Z",
      prompt_tokens: 120,
      completion_tokens: 60,
      cost_micros: 900,
    });
    const turns = row!.turns as Record<string, unknown>[];
    expect(turns).toHaveLength(3);
    expect(turns[1]).toMatchObject({ index: 1, chosen_reply_id: "a1", strength: 3, rewrite: REWRITE });
    expect(turns[2]).toMatchObject({ ranking: [["a2", "b2"]], tie: "good", chosen_reply_id: "b2" });
    expect((turns[0]!.replies as unknown[])[1]).toEqual({
      id: "b0",
      position: 1,
      attempt: 1,
      status: "done",
      endpoint: "stub",
      model: "stub-model",
      served_model: "stub-model-1",
      text: "Hey.",
      tool_calls: [],
      finish_reason: "stop",
      prompt_tokens: 10,
      completion_tokens: 5,
    });
  });
});

describe("tool calls in conversation rows", () => {
  const call: ToolCall = {
    id: "call_1",
    type: "function",
    function: { name: "get_weather", arguments: '{"city":"Paris"}' },
  };
  const tools = [
    {
      type: "function" as const,
      function: {
        name: "get_weather",
        description: "Current weather",
        parameters: { type: "object", properties: { city: { type: "string" } } },
      },
    },
  ];
  const withTools = conversation(
    [
      turn(0, [], [reply("t0a", 0, "", [call]), reply("t0b", 1, "I can't check.")], {
        ranking: [["t0a"], ["t0b"]],
        strength: 1,
        chosenReplyId: "t0a",
      }),
      turn(
        1,
        [{ role: "tool", tool_call_id: "call_1", content: "18°C" }],
        [reply("t1a", 0, "It is 18°C in Paris."), reply("t1b", 1, "Sunny.")],
        { ranking: [["t1a"], ["t1b"]], strength: 2, chosenReplyId: "t1a" },
      ),
    ],
    { opening: [user("Weather in Paris?")], tools, itemId: "q-weather" },
  );
  const trlCall = { id: "call_1", type: "function", function: { name: "get_weather", arguments: { city: "Paris" } } };

  it("TRL rows: arguments as objects, the tool result named, a tools column", () => {
    const rows = parse(conversationLines("preference", withTools));
    expect(rows).toEqual([
      {
        prompt: [user("Weather in Paris?")],
        chosen: [{ role: "assistant", content: "", tool_calls: [trlCall] }],
        rejected: [assistant("I can't check.")],
        margin: 1,
        item_id: "q-weather",
        conversation_id: "conv-1",
        turn: 0,
        ...human,
        tools,
      },
      {
        prompt: [
          user("Weather in Paris?"),
          { role: "assistant", content: "", tool_calls: [trlCall] },
          { role: "tool", tool_call_id: "call_1", content: "18°C", name: "get_weather" },
        ],
        chosen: [assistant("It is 18°C in Paris.")],
        rejected: [assistant("Sunny.")],
        margin: 2,
        item_id: "q-weather",
        conversation_id: "conv-1",
        turn: 1,
        ...human,
        tools,
      },
    ]);
    expect(parse(conversationLines("sft", withTools))[0]!.tools).toEqual(tools);
  });

  it("openai-dpo: arguments stay JSON strings, tools under input", () => {
    const rows = parse(conversationLines("openai-dpo", withTools));
    expect(rows[0]).toEqual({
      input: { messages: [user("Weather in Paris?")], tools },
      preferred_output: [{ role: "assistant", tool_calls: [call] }],
      non_preferred_output: [assistant("I can't check.")],
    });
    expect((rows[1]!.input as { messages: unknown[] }).messages).toEqual([
      user("Weather in Paris?"),
      { role: "assistant", tool_calls: [call] },
      { role: "tool", content: "18°C", tool_call_id: "call_1" },
    ]);
  });

  it("HH: calls and results written into the Assistant turns", () => {
    const prefix =
      '\n\nHuman: Weather in Paris?\n\nAssistant: [Called get_weather with {"city":"Paris"}]\n[Result of get_weather: 18°C]\n\nAssistant: ';
    expect(conversationLines("preference-hh", withTools)).toEqual([
      `{"chosen": ${JSON.stringify(`${prefix}It is 18°C in Paris.`)}, "rejected": ${JSON.stringify(`${prefix}Sunny.`)}}`,
    ]);
  });
});

describe("filters on conversation projects", () => {
  it("refuses the agreement filters with the reason, accepts the others", () => {
    expect(conversationFilterProblem({ minAgreement: 0.5 })).toBe(
      "min agreement does not apply to a conversation project: one labeler chooses at each turn (agreement is measured on the turns sampled into its review project)",
    );
    expect(conversationFilterProblem({ minAgreement: 0.5, minLabelerAgreement: 0.5 })).toMatch(
      /^min agreement and min labeler agreement do not apply/,
    );
    expect(conversationFilterProblem({ minAnnotations: 2, excludeFlagged: true, from: "2026-01-01" })).toBeNull();
  });
});
