"use client";

import { useEffect, type RefObject } from "react";
import { isTyping } from "./shortcuts";
import type { KeyHandler } from "./types";

/**
 * The page's own shortcuts (Ctrl+Enter, Alt+S, Alt+G, ?, Esc); any other key goes to the task
 * component's handler. While a dialog is open only Esc works, and typing in a field is left
 * alone unless Alt is held.
 */
export function useWorkspaceKeys({
  dialogOpen,
  taskKeys,
  onEscape,
  onSubmit,
  onSkip,
  onToggleGuidelines,
  onHelp,
}: {
  dialogOpen: boolean;
  taskKeys: RefObject<KeyHandler | null>;
  onEscape: () => void;
  onSubmit: () => void;
  onSkip: () => void;
  onToggleGuidelines: () => void;
  onHelp: () => void;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        onEscape();
        return;
      }
      if (dialogOpen) return;
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        onSubmit();
        return;
      }
      if (event.altKey && event.code === "KeyS") {
        event.preventDefault();
        onSkip();
        return;
      }
      if (event.altKey && event.code === "KeyG") {
        event.preventDefault();
        onToggleGuidelines();
        return;
      }
      const typing = isTyping(event);
      if (!typing && event.key === "?") {
        event.preventDefault();
        onHelp();
        return;
      }
      if (typing && !event.altKey) return;
      if (taskKeys.current?.(event)) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialogOpen, taskKeys, onEscape, onSubmit, onSkip, onToggleGuidelines, onHelp]);
}
