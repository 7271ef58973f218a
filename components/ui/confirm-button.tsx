"use client";

import { useId, useRef } from "react";
import { secondaryButtonClass } from "@/components/ui/field-styles";

const FOCUSABLE = "button:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

export interface ConfirmButtonProps {
  /** The button's visible text ("Deactivate"). */
  children: React.ReactNode;
  /** The button's accessible name when its text alone does not say whom it is about. */
  ariaLabel?: string;
  /** The question the dialog asks ("Deactivate ana@example.com?"). */
  title: string;
  /** What will happen, in a sentence. */
  description?: React.ReactNode;
  /** The confirm button's text: the action and whom it is about ("Deactivate ana@example.com"). */
  confirmLabel: string;
  /** Sent with the form as the confirm button's name and value (a form with several actions). */
  name?: string;
  value?: string;
  disabled?: boolean;
  className?: string;
}

/**
 * A submit button that asks first. Put it inside the form it submits: the button opens a
 * modal dialog naming the person or project, and only the dialog's confirm button submits
 * (with `name`/`value`). The dialog is the browser's own modal <dialog> (the page behind it
 * is inert); Tab stays within it, Escape or Cancel close it and focus returns to the button.
 * The form's own checks run before the dialog opens, so a refused field is shown on the page.
 */
export function ConfirmButton({
  children,
  ariaLabel,
  title,
  description,
  confirmLabel,
  name,
  value,
  disabled,
  className = secondaryButtonClass,
}: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const id = useId();

  function open() {
    const form = trigger.current?.form;
    if (form && !form.reportValidity()) return;
    dialog.current?.showModal();
  }

  function close() {
    dialog.current?.close();
  }

  // Keeps Tab and Shift+Tab within the dialog (the browser would otherwise move to its own UI).
  function trapTab(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={open}
        disabled={disabled}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        className={className}
      >
        {children}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-description` : undefined}
        onKeyDown={trapTab}
        onClose={() => trigger.current?.focus()}
        className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-xl bg-white p-5 text-left text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
      >
        <h2 id={`${id}-title`} className="text-base font-semibold [overflow-wrap:anywhere]">
          {title}
        </h2>
        {description ? (
          <p id={`${id}-description`} className="mt-2 text-sm text-slate-600">
            {description}
          </p>
        ) : null}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <button type="button" onClick={close} className={secondaryButtonClass} autoFocus>
            Cancel
          </button>
          <button
            type="submit"
            name={name}
            value={value}
            disabled={disabled}
            onClick={close}
            className="inline-flex items-center justify-center rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold [overflow-wrap:anywhere] text-white shadow-sm hover:bg-rose-600 disabled:opacity-60"
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
