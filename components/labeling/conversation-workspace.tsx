"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { preloadMarkdown } from "@/components/lazy-markdown";
import { useStoredValue } from "@/components/use-stored-value";
import { choiceBody, continuingReply, emptyChoice, type ChoiceDraft } from "@/lib/domain/conversation/choice-draft";
import type { ConversationView, ReplyStateView } from "@/lib/domain/conversation/view";
import type { FinishBody, TurnBody } from "@/lib/validation/conversations";
import { claimNext, heartbeat, type ApiResult } from "./api";
import { ChoiceBar } from "./conversation-choice";
import { FinishPanel, MessageBox } from "./conversation-composer";
import {
  actionKey,
  addTurn,
  chooseReply,
  finishConversation,
  forgetActionKey,
  getConversation,
  openLeaseConversation,
  regenerateReply,
  startOwnConversation,
  streamUrl,
} from "./conversation-api";
import { ReplyGrid } from "./conversation-replies";
import { ConversationThread } from "./conversation-thread";
import { describeFailure } from "./failures";
import { GuidelinesPanel } from "./guidelines-panel";
import { GuidelinesSheet } from "./guidelines-sheet";
import { ReplyStreamStore } from "./reply-stream-store";
import { SessionHeader } from "./session-header";
import { LeaseLostBanner, NoticeLine } from "./session-notices";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SignedOutBanner } from "./signed-out-banner";
import { readEventStream } from "./sse-reader";
import type { Notice } from "./task-session-state";
import type { KeyHandler, LabelingProject } from "./types";
import { useWorkspaceKeys } from "./use-workspace-keys";

// The labeling page of a conversation project (issue 14): claim an opening (or start one's
// own), chat turn by turn choosing between the streamed replies, finish, claim the next. The
// server holds everything chosen; this page holds only the choice being made, so a reload
// resumes at the last turn (the claim returns the same lease, the lease the same conversation).

type Phase = { kind: "loading" } | { kind: "empty" } | { kind: "conversation"; conv: ConversationView };
type Lost = { reason?: string; state?: string };

const HEARTBEAT_MS = 60_000;
const LOST_REASONS = new Set(["lease_lost", "project_archived"]);

export function ConversationWorkspace({ project }: { project: LabelingProject }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [notice, setNotice] = useState<Notice>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [lost, setLost] = useState<Lost | null>(null);
  const [busy, setBusy] = useState<null | "choice" | "turn" | "finish" | "regenerate" | "start">(null);
  const [draft, setDraft] = useState<ChoiceDraft>(emptyChoice);
  const [doneHere, setDoneHere] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  /** Bumped to open the turn's stream again (after a regeneration, or a 429's "try again"). */
  const [streamNonce, setStreamNonce] = useState(0);
  const [rateLimited, setRateLimited] = useState<string | null>(null);
  const [guidelinesStored, storeGuidelines] = useStoredValue("rlhf:guidelines-open");
  const guidelinesOpen = guidelinesStored === null || guidelinesStored === "1";
  const store = useMemo(() => new ReplyStreamStore(), []);
  const turnStarted = useRef<{ turn: number; at: number } | null>(null);
  const conv = phase.kind === "conversation" ? phase.conv : null;

  /** What every refused call does first: a signed-out or lost lease is said once, above. */
  const failed = useCallback((answer: Extract<ApiResult<unknown>, { ok: false }>) => {
    if (answer.status === 401) setSignedOut(true);
    else if (answer.status === 409 && answer.reason && LOST_REASONS.has(answer.reason))
      setLost({ reason: answer.reason, state: answer.leaseState });
    else setNotice({ tone: "error", text: describeFailure(answer) });
  }, []);

  const shown = useRef<ConversationView | null>(null);
  const show = useCallback(
    (next: ConversationView) => {
      const before = shown.current;
      shown.current = next;
      const last = next.turns.at(-1);
      if (last) store.reset(last.replies);
      // A new turn (or another conversation) starts a new choice.
      if (!before || before.id !== next.id || before.turns.length !== next.turns.length) setDraft(emptyChoice());
      setPhase({ kind: "conversation", conv: next });
      if (next.step.kind === "closed") setLost({ reason: "lease_lost" });
    },
    [store],
  );

  /** The next conversation: the lease in hand (a reload) or a new opening. */
  const claim = useCallback(async () => {
    const answer = await claimNext(project.slug);
    setLost(null);
    if (!answer.ok) return failed(answer);
    if (!answer.data) return setPhase({ kind: "empty" });
    const opened = await openLeaseConversation(answer.data.task.id);
    if (!opened.ok) return failed(opened);
    show(opened.data.conversation);
  }, [project.slug, failed, show]);

  useEffect(() => {
    preloadMarkdown();
    // The first phase is already "loading"; claim sets state only once the server answered.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void claim();
  }, [claim]);

  // The lease is kept while the page is open (any change extends it too).
  const leaseId = conv?.status === "active" && !lost ? conv.leaseId : null;
  useEffect(() => {
    if (!leaseId) return;
    const timer = setInterval(async () => {
      const answer = await heartbeat(leaseId);
      if (!answer.ok && (answer.status === 409 || answer.status === 401)) failed(answer);
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [leaseId, failed]);

  // The open turn's replies stream while they are pending; a reply still marked streaming
  // (the stream of a page just reloaded is being closed on the server) is looked at again.
  const lastTurn = conv?.turns.at(-1) ?? null;
  const pending = conv?.step.kind === "replies" && lastTurn?.replies.some((r) => r.status === "pending");
  const stale = conv?.step.kind === "replies" && !pending && lastTurn?.replies.some((r) => r.status === "streaming");
  const streamKey = pending && conv && lastTurn && !lost ? `${conv.id}/${lastTurn.index}/${streamNonce}` : null;
  useEffect(() => {
    if (!streamKey || !conv || !lastTurn) return;
    const abort = new AbortController();
    let ended = false;
    /** Replies the stream left pending (the limit on concurrent generations): streamed next. */
    let leftPending = false;
    void (async () => {
      const opened = await readEventStream(
        streamUrl(conv.id, lastTurn.index),
        ({ event, data }) => {
          // Our own server's events (lib/server/conversations/stream-replies.ts).
          const payload = JSON.parse(data) as never;
          if (event === "delta") {
            const { reply, text } = payload as { reply: string; text: string };
            store.append(reply, text);
          } else if (event === "snapshot") store.reset((payload as { replies: ReplyStateView[] }).replies);
          else if (event === "reply") store.reset([payload as ReplyStateView]);
          else if (event === "end") {
            ended = true;
            const next = (payload as { conversation: ConversationView }).conversation;
            leftPending =
              next.step.kind === "replies" && !!next.turns.at(-1)?.replies.some((r) => r.status === "pending");
            show(next);
          } else if (event === "error") setNotice({ tone: "error", text: (payload as { message: string }).message });
        },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      setRateLimited(null);
      if (!opened.ok) {
        if (opened.status === 429) return setRateLimited(opened.message);
        return failed({ ...opened, ok: false });
      }
      await opened.done;
      if (abort.signal.aborted) return;
      if (ended) {
        if (leftPending) setStreamNonce((n) => n + 1);
        return;
      }
      // The stream broke off: what the server kept is the truth.
      const answer = await getConversation(conv.id);
      if (!abort.signal.aborted) {
        if (answer.ok) show(answer.data.conversation);
        else failed(answer);
      }
    })();
    return () => abort.abort();
    // conv and lastTurn are read for the key's conversation only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [streamKey, store, show, failed]);

  const convId = conv?.id;
  useEffect(() => {
    if (!stale || !convId) return;
    const timer = setTimeout(async () => {
      const answer = await getConversation(convId);
      if (answer.ok) show(answer.data.conversation);
    }, 500);
    return () => clearTimeout(timer);
  }, [stale, convId, conv, show]);

  // An opening that ends with the user's message needs no first message: its replies start at once.
  const autoTurn = useRef<string | null>(null);
  useEffect(() => {
    if (!conv || conv.step.kind !== "input" || conv.step.input.kind !== "none" || lost) return;
    const key = `${conv.id}/${conv.turns.length}`;
    if (autoTurn.current === key) return;
    autoTurn.current = key;
    void addTurn(conv.id, { index: conv.turns.length }).then((answer) =>
      answer.ok ? show(answer.data.conversation) : failed(answer),
    );
  }, [conv, lost, show, failed]);

  // When the choice began: the choice's time spent.
  const choosingTurn = conv?.step.kind === "choose" ? conv.step.turn : null;
  useEffect(() => {
    if (choosingTurn !== null && turnStarted.current?.turn !== choosingTurn)
      turnStarted.current = { turn: choosingTurn, at: Date.now() };
  }, [choosingTurn]);

  const replyIds = useMemo(
    () => [...(lastTurn?.replies ?? [])].sort((a, b) => a.position - b.position).map((r) => r.id),
    [lastTurn],
  );
  const check = conv && choosingTurn !== null ? choiceBody(draft, replyIds, conv.mode) : null;
  const editable = !lost && !signedOut && busy === null;

  const sendChoice = useCallback(async () => {
    if (!conv || choosingTurn === null || busy) return;
    const started = turnStarted.current?.turn === choosingTurn ? turnStarted.current.at : Date.now();
    const ready = choiceBody(draft, replyIds, conv.mode, Date.now() - started);
    if (!ready.ready) return setNotice({ tone: "warning", text: ready.hint });
    const name = `${conv.id}:choice:${choosingTurn}`;
    setBusy("choice");
    const answer = await chooseReply(conv.id, choosingTurn, actionKey(name), ready.body);
    setBusy(null);
    if (!answer.ok) return failed(answer);
    forgetActionKey(name);
    setNotice({ tone: "info", text: `Turn ${choosingTurn + 1} chosen.` });
    show(answer.data.conversation);
  }, [conv, choosingTurn, busy, draft, replyIds, failed, show]);

  const sendTurn = useCallback(
    async (body: TurnBody) => {
      if (!conv) return;
      setBusy("turn");
      const answer = await addTurn(conv.id, body);
      setBusy(null);
      if (!answer.ok) return failed(answer);
      setNotice(null);
      show(answer.data.conversation);
    },
    [conv, failed, show],
  );

  const regenerate = useCallback(
    async (position: number) => {
      if (!conv || !lastTurn) return;
      setBusy("regenerate");
      const answer = await regenerateReply(conv.id, lastTurn.index, position);
      setBusy(null);
      if (!answer.ok) return failed(answer);
      // The reply is pending again: the turn's stream opens for it (one stream, not two).
      show(answer.data.conversation);
    },
    [conv, lastTurn, failed, show],
  );

  const finish = useCallback(
    async (body: FinishBody) => {
      if (!conv) return;
      const name = `${conv.id}:finish`;
      setBusy("finish");
      const answer = await finishConversation(conv.id, actionKey(name), body);
      setBusy(null);
      if (!answer.ok) return failed(answer);
      forgetActionKey(name);
      setDoneHere((n) => n + 1);
      setNotice({ tone: "info", text: "Conversation saved. Here is the next one." });
      setPhase({ kind: "loading" });
      await claim();
    },
    [conv, failed, claim],
  );

  const startOwn = useCallback(async () => {
    setBusy("start");
    const answer = await startOwnConversation(project.slug);
    setBusy(null);
    if (!answer.ok) return failed(answer);
    setNotice(null);
    show(answer.data.conversation);
  }, [project.slug, failed, show]);

  // A-D choose, T ties (then A-D say which one continues), 1-3 strength, E rewrites.
  const taskKeys = useRef<KeyHandler | null>(null);
  const onTaskKey: KeyHandler = (event) => {
    if (!conv || choosingTurn === null || !editable || event.ctrlKey || event.metaKey || event.altKey) return false;
    const key = event.key.toLowerCase();
    const letter = "abcd".indexOf(key);
    if (letter !== -1 && letter < replyIds.length) {
      const id = replyIds[letter]!;
      setDraft((d) => (d.pick === "tie" ? { ...d, continueWith: id } : { ...d, pick: id, continueWith: null }));
      return true;
    }
    if (key === "t") {
      setDraft((d) => ({ ...d, pick: "tie", strength: null }));
      return true;
    }
    if (["1", "2", "3"].includes(key)) {
      setDraft((d) => (d.pick && d.pick !== "tie" ? { ...d, strength: Number(key) as 1 | 2 | 3 } : d));
      return true;
    }
    // A red-team conversation goes on with the model's own words: nothing to rewrite.
    if (key === "e" && conv?.mode !== "red_team") {
      const id = continuingReply(draft);
      const reply = lastTurn?.replies.find((r) => r.id === id);
      if (!reply) return false;
      setDraft((d) => ({ ...d, rewrite: d.rewrite ?? reply.text }));
      requestAnimationFrame(() => document.getElementById("conversation-rewrite")?.focus());
      return true;
    }
    return false;
  };
  useEffect(() => {
    taskKeys.current = onTaskKey;
  });
  const toggleGuidelines = useCallback(
    () => storeGuidelines(guidelinesOpen ? "0" : "1"),
    [guidelinesOpen, storeGuidelines],
  );
  useWorkspaceKeys({
    dialogOpen: helpOpen,
    taskKeys,
    onEscape: () => setHelpOpen(false),
    onSubmit: () => void sendChoice(),
    onSkip: () => {},
    onToggleGuidelines: toggleGuidelines,
    onHelp: () => setHelpOpen(true),
  });

  const returnTo = `/projects/${encodeURIComponent(project.slug)}/label`;
  return (
    <div>
      <SessionHeader
        projectName={project.name}
        doneHere={doneHere}
        expiresAt={conv && !lost && conv.status === "active" ? Date.parse(conv.expiresAt) : null}
        onToggleGuidelines={toggleGuidelines}
        onShowShortcuts={() => setHelpOpen(true)}
        guidelinesOpen={guidelinesOpen}
        guidelinesSheet={<GuidelinesSheet guidelines={project.guidelines} />}
      />
      {conv ? <ConversationProgress conv={conv} /> : null}
      <NoticeLine notice={notice} />
      {lost ? (
        <LeaseLostBanner
          reason={lost.reason}
          state={lost.state}
          onNewTask={() => {
            setPhase({ kind: "loading" });
            void claim();
          }}
        />
      ) : null}
      {signedOut ? <SignedOutBanner returnTo={returnTo} /> : null}

      <div className={`grid gap-6 ${guidelinesOpen ? "lg:grid-cols-[minmax(0,1fr)_20rem]" : ""}`}>
        <div className="min-w-0">
          {phase.kind === "loading" ? (
            <p role="status" className="py-16 text-center text-sm text-slate-500">
              Finding a conversation…
            </p>
          ) : phase.kind === "empty" ? (
            <EmptyState ownOpenings={project.ownOpenings} busy={busy === "start"} onStart={() => void startOwn()} />
          ) : conv ? (
            <>
              {conv.mode === "red_team" ? (
                <p className="mb-3 rounded-md bg-rose-50 px-3 py-2 text-xs text-rose-900 ring-1 ring-rose-200">
                  Red-team conversation: try to make the model say something harmful, and rate how harmful each chosen
                  reply is.
                </p>
              ) : null}
              <ConversationThread opening={conv.opening} turns={conv.turns} />
              {conv.step.kind === "replies" || conv.step.kind === "choose" ? (
                <div className="mt-4">
                  <ReplyGrid
                    replies={lastTurn!.replies}
                    store={store}
                    selectedId={continuingReply(draft)}
                    onRegenerate={(position) => void regenerate(position)}
                    regenerating={busy === "regenerate"}
                  />
                  {rateLimited ? (
                    <div
                      role="alert"
                      className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200"
                    >
                      <p>Too many replies are being generated for you at once. {rateLimited}</p>
                      <button
                        type="button"
                        onClick={() => setStreamNonce((n) => n + 1)}
                        className="mt-2 rounded-md bg-amber-800 px-3 py-1.5 text-sm font-semibold text-white"
                      >
                        Try again
                      </button>
                    </div>
                  ) : null}
                </div>
              ) : null}
              {conv.step.kind === "choose" ? (
                <ChoiceBar
                  replies={lastTurn!.replies}
                  mode={conv.mode}
                  project={project}
                  draft={draft}
                  onChange={setDraft}
                  hint={check && !check.ready ? check.hint : null}
                  busy={busy === "choice"}
                  disabled={!editable && busy !== "choice"}
                  onSend={() => void sendChoice()}
                />
              ) : null}
              {conv.step.kind === "input" ? (
                <MessageBox
                  key={`${conv.id}/${conv.turns.length}`}
                  input={conv.step.input}
                  index={conv.turns.length}
                  busy={busy === "turn"}
                  disabled={!editable && busy !== "turn"}
                  onSend={(body) => void sendTurn(body)}
                />
              ) : null}
              {conv.status === "active" && conv.step.kind !== "closed" ? (
                <FinishPanel
                  key={conv.id}
                  mode={conv.mode}
                  problem={conv.finishProblem}
                  busy={busy === "finish"}
                  disabled={!editable && busy !== "finish"}
                  onFinish={(body) => void finish(body)}
                />
              ) : null}
            </>
          ) : null}
        </div>
        {guidelinesOpen ? (
          <div className="hidden lg:block">
            <GuidelinesPanel guidelines={project.guidelines} />
          </div>
        ) : null}
      </div>
      {helpOpen ? <ShortcutsDialog project={project} onClose={() => setHelpOpen(false)} /> : null}
    </div>
  );
}

function ConversationProgress({ conv }: { conv: ConversationView }) {
  const { minTurns, maxTurns } = conv.project;
  const turn = Math.min(conv.turns.length === conv.chosenTurns ? conv.chosenTurns + 1 : conv.turns.length, maxTurns);
  const left = Math.max(0, minTurns - conv.chosenTurns);
  return (
    <p className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600" data-testid="conversation-progress">
      <span>
        Turn {turn} of {maxTurns}
      </span>
      <span>{left > 0 ? `${left} more turn${left === 1 ? "" : "s"} before you can finish` : "You can finish"}</span>
      <span>
        Tokens: {conv.promptTokens.toLocaleString("en")} in, {conv.completionTokens.toLocaleString("en")} out
      </span>
    </p>
  );
}

function EmptyState({ ownOpenings, busy, onStart }: { ownOpenings: boolean; busy: boolean; onStart: () => void }) {
  return (
    <div className="rounded-xl bg-white px-6 py-12 text-center ring-1 ring-slate-200" data-testid="conversation-empty">
      <h2 className="text-lg font-semibold text-slate-900">
        {ownOpenings ? "No openings are waiting" : "No conversations left"}
      </h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
        {ownOpenings
          ? "Every imported opening is taken. You can start a conversation of your own: you write the first message."
          : "Every opening of this project has its conversation. Check back later, or ask an admin for more."}
      </p>
      {ownOpenings ? (
        <button
          type="button"
          onClick={onStart}
          disabled={busy}
          className="mt-4 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50"
        >
          {busy ? "Starting…" : "Start a conversation"}
        </button>
      ) : null}
    </div>
  );
}
