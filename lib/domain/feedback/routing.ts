// Routing production feedback to review (docs/FEEDBACK.md, "Routing and review"): which rule
// takes an event, decided from the event alone so that a re-send or a replay decides the same.
import { createHash } from "node:crypto";
import { sameText } from "@/lib/domain/feedback/review-outcome";
import type { RouteWhen } from "@/lib/validation/feedback-settings";

/** What routing reads of an event. */
export interface RoutableEvent {
  eventId: string;
  response: string;
  thumb: boolean | null;
  score: number | null;
  edit: string | null;
  alternatives: { text: string; chosen: boolean }[] | null;
}

/** The kinds of project a rule can send review items to. */
export type ReviewKind = "comparison" | "ranking" | "demonstration";

/** Scores at or below this are "low", at or above HIGH_SCORE "high" (a 1-5 scale; 3 is neither). */
export const LOW_SCORE = 2;
export const HIGH_SCORE = 4;

/** The user's edit, when it changes the response (an edit equal to it is no signal). */
function realEdit(e: RoutableEvent): string | null {
  return e.edit !== null && e.edit.trim() !== "" && !sameText(e.edit, e.response) ? e.edit : null;
}

/** Whether an event shows the signal a rule's `when` names. */
export function matchesWhen(when: RouteWhen, e: RoutableEvent): boolean {
  switch (when) {
    case "down":
      return e.thumb === false;
    case "up":
      return e.thumb === true;
    case "low_score":
      return e.score !== null && e.score <= LOW_SCORE;
    case "high_score":
      return e.score !== null && e.score >= HIGH_SCORE;
    case "edit":
      return realEdit(e) !== null;
    case "regenerate":
      return (e.alternatives?.length ?? 0) > 0;
    case "any":
      return true;
  }
}

/**
 * A number in [0, 1) fixed by (project, event id, rule index): the first 32 bits of a SHA-256.
 * The rule index is part of it so that two rules of 5% do not pick the same 5%.
 */
export function sampleValue(projectId: string, eventId: string, ruleIndex: number): number {
  const h = createHash("sha256").update(`${projectId}\n${eventId}\n${ruleIndex}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000;
}

/** Whether an event is in a rule's sample: rate 1 takes all, 0 none. */
export function inSample(rate: number, value: number): boolean {
  return rate >= 1 || value < rate;
}

export interface ReviewCompletion {
  text: string;
  model: string | null;
}

/** Model name of a user's own edit among the completions of a review item. */
export const USER_EDIT_MODEL = "user-edit";

/**
 * What a review item in a project of `kind` shows, or null when the event cannot be one there.
 * A demonstration item carries the response (the labeler confirms or corrects it). A comparison
 * or ranking item needs a second text: the user's edit, else the regenerated alternatives
 * (duplicates dropped); a comparison keeps two of them: the chosen one and the response, or the
 * chosen one and the first other when the response is the chosen one.
 */
export function reviewCompletions(
  e: RoutableEvent & { model: string | null },
  kind: ReviewKind,
  maxCompletions = 9,
): ReviewCompletion[] | null {
  const response: ReviewCompletion = { text: e.response, model: e.model };
  if (kind === "demonstration") return [response];
  const edit = realEdit(e);
  if (edit !== null) return [response, { text: edit, model: USER_EDIT_MODEL }];
  if (!e.alternatives?.length) return null;
  const chosen = e.alternatives.find((a) => a.chosen)?.text ?? null;
  const texts: string[] = [];
  const add = (t: string) => {
    if (!texts.some((x) => sameText(x, t))) texts.push(t);
  };
  // The chosen text and the response first: they are what a comparison or a capped ranking keeps.
  if (chosen !== null) add(chosen);
  add(e.response);
  for (const a of e.alternatives) add(a.text);
  if (texts.length < 2) return null;
  const kept = texts.slice(0, kind === "comparison" ? 2 : Math.max(2, maxCompletions));
  // The response keeps its model; alternatives came from the same deployment but say nothing of theirs.
  return kept.map((text) => (sameText(text, e.response) ? response : { text, model: e.model }));
}

export interface RouteRule {
  when: RouteWhen;
  rate: number;
  /** The target project's kind (null: no usable project, the rule takes nothing) and its completion cap. */
  kind: ReviewKind | null;
  maxCompletions?: number;
}

/** What each rule decided about one event: rules after the one that routed it are not asked. */
export type RuleOutcome = "routed" | "not_routable" | "sampled_out";

export interface RouteDecision {
  /** Per rule that matched, in order, what it decided. */
  outcomes: { rule: number; outcome: RuleOutcome }[];
  /** The rule that took the event and what its item shows, or null. */
  routed: { rule: number; completions: ReviewCompletion[] } | null;
}

/**
 * Applies the rules in order: a rule that matches and cannot place the event in its target
 * (a comparison needs an edit or alternatives) says "not_routable"; one whose sample leaves it
 * out says "sampled_out"; both let the next rule try. The first that takes it routes it.
 */
export function decideRoute(
  projectId: string,
  rules: RouteRule[],
  e: RoutableEvent & { model: string | null },
): RouteDecision {
  const outcomes: RouteDecision["outcomes"] = [];
  for (const [rule, r] of rules.entries()) {
    if (r.kind === null || !matchesWhen(r.when, e)) continue;
    const completions = reviewCompletions(e, r.kind, r.maxCompletions);
    if (!completions) {
      outcomes.push({ rule, outcome: "not_routable" });
      continue;
    }
    if (!inSample(r.rate, sampleValue(projectId, e.eventId, rule))) {
      outcomes.push({ rule, outcome: "sampled_out" });
      continue;
    }
    outcomes.push({ rule, outcome: "routed" });
    return { outcomes, routed: { rule, completions } };
  }
  return { outcomes, routed: null };
}
