import type { LabelingProject } from "./types";

export interface Shortcut {
  keys: string;
  action: string;
}

const common: Shortcut[] = [
  { keys: "Ctrl+Enter", action: "Submit" },
  { keys: "Alt+S", action: "Skip this task" },
  { keys: "Alt+G", action: "Show or hide the guidelines" },
  { keys: "?", action: "Show this help" },
  { keys: "Esc", action: "Close a dialog" },
];

const perCompletion = (project: LabelingProject): Shortcut[] => [
  ...(project.likertEnabled
    ? [{ keys: "Shift+1 … Shift+7", action: "Rate the selected reply (1 worst, 7 best)" }]
    : []),
  { keys: "F", action: "Flags of the selected reply" },
];

export function shortcutsFor(project: LabelingProject): Shortcut[] {
  switch (project.kind) {
    case "demonstration":
      return [{ keys: "Alt+P", action: "Switch between writing and preview" }, ...common];
    case "comparison":
      return [
        { keys: "A / B", action: "A is better / B is better" },
        { keys: "G / N", action: "Tie: both good / both bad" },
        { keys: "1 / 2 / 3", action: "Slightly / clearly / much better" },
        { keys: "← / →", action: "Select reply A or B" },
        ...perCompletion(project),
        { keys: "E", action: "Rewrite the better reply" },
        ...common,
      ];
    case "ranking":
      return [
        { keys: "↑ / ↓  (K / J)", action: "Select the reply above or below" },
        { keys: "Shift+↑ / Shift+↓", action: "Move the selected reply up or down" },
        { keys: "T", action: "Tie the selected reply with the one above, or untie it" },
        { keys: "1 … 9", action: "Move the selected reply straight to that rank" },
        { keys: "O", action: "Keep the order as shown" },
        ...perCompletion(project),
        { keys: "E", action: "Rewrite the best reply" },
        ...common,
      ];
    case "conversation":
      return [
        { keys: "A / B / C / D", action: "Choose that reply (after a tie: the one to continue with)" },
        { keys: "T", action: "Tie" },
        { keys: "1 / 2 / 3", action: "Slightly / clearly / much better" },
        { keys: "E", action: "Rewrite the chosen reply" },
        { keys: "Ctrl+Enter", action: "Send the choice, or your message" },
        { keys: "Alt+G", action: "Show or hide the guidelines" },
        { keys: "?", action: "Show or hide these shortcuts" },
      ];
  }
}

/** True when the key press is meant for a text field, not for a shortcut. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return (
    tag === "TEXTAREA" ||
    tag === "SELECT" ||
    (tag === "INPUT" &&
      (target as HTMLInputElement).type !== "checkbox" &&
      (target as HTMLInputElement).type !== "radio") ||
    target.isContentEditable
  );
}
