"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef } from "react";

export interface TabLink {
  id: string;
  label: string;
  href: string;
}

/**
 * Tabs that are links: each tab has its own URL, so reload and Back keep it, and the server
 * renders only the selected panel. Keyboard as the ARIA tabs pattern: one tab stop, Left/Right
 * (and Home/End) move to a tab and open it.
 */
export function TabLinks({
  label,
  tabs,
  current,
  panelId,
}: {
  label: string;
  tabs: TabLink[];
  current: string;
  /** The id of the element showing the selected tab's content. */
  panelId: string;
}) {
  const router = useRouter();
  const list = useRef<HTMLDivElement>(null);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    const at = tabs.findIndex((t) => `tab-${t.id}` === (event.target as HTMLElement).id);
    if (at === -1) return;
    const last = tabs.length - 1;
    const next =
      event.key === "ArrowRight"
        ? (at + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (at + last) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    list.current?.querySelector<HTMLElement>(`#tab-${tabs[next]!.id}`)?.focus();
    router.push(tabs[next]!.href, { scroll: false });
  }

  return (
    <div
      ref={list}
      role="tablist"
      aria-label={label}
      onKeyDown={onKeyDown}
      className="mb-6 flex flex-wrap gap-x-1 border-b border-slate-200"
    >
      {tabs.map((tab) => {
        const selected = tab.id === current;
        return (
          <Link
            key={tab.id}
            id={`tab-${tab.id}`}
            href={tab.href}
            scroll={false}
            role="tab"
            aria-selected={selected}
            aria-controls={selected ? panelId : undefined}
            tabIndex={selected ? 0 : -1}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap ${
              selected
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </div>
  );
}
