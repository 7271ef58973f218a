"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { secondaryButtonClass } from "@/components/ui/field-styles";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  scopes: string[];
}

// Times arrive as ISO strings and are shown in UTC, so server and browser render the same text.
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "–");

function statusOf(token: TokenRow, now: number) {
  if (token.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

/** A person's API tokens (never their secrets), with a revoke button on each live one. */
export function ApiTokensCard({
  tokens,
  userId,
  now,
  revokeAction,
}: {
  tokens: TokenRow[];
  userId: string;
  now: number;
  revokeAction: Action;
}) {
  const [state, revoke, pending] = useActionState(revokeAction, null);
  if (tokens.length === 0) return <EmptyState title="No API tokens" testId="api-tokens-empty" />;
  return (
    <>
      <Table
        testId="api-tokens"
        columns={[
          { label: "Name" },
          { label: "Token" },
          { label: "Scopes" },
          { label: "Created" },
          { label: "Last used" },
          { label: "Expires" },
          { label: "Status" },
          { label: "Actions", align: "right" },
        ]}
      >
        {tokens.map((token) => {
          const live = !token.revokedAt && !(token.expiresAt && Date.parse(token.expiresAt) <= now);
          return (
            <tr key={token.id} data-testid={`api-token-${token.id}`}>
              <td className="px-5 py-2">{token.name}</td>
              <td className="px-5 py-2 font-mono text-xs">{token.prefix}…</td>
              <td className="px-5 py-2 text-xs" data-testid="api-token-scopes">
                {token.scopes.join(", ")}
              </td>
              <td className="px-5 py-2 tabular-nums">{when(token.createdAt)}</td>
              <td className="px-5 py-2 tabular-nums">{when(token.lastUsedAt)}</td>
              <td className="px-5 py-2 tabular-nums">{token.expiresAt ? when(token.expiresAt) : "never"}</td>
              <td className="px-5 py-2">{statusOf(token, now)}</td>
              <td className="px-5 py-2 text-right">
                {live ? (
                  <form action={revoke}>
                    <input type="hidden" name="userId" value={userId} />
                    <input type="hidden" name="tokenId" value={token.id} />
                    <button
                      type="submit"
                      disabled={pending}
                      className={secondaryButtonClass}
                      aria-label={`Revoke token ${token.prefix}`}
                    >
                      Revoke
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          );
        })}
      </Table>
      {state ? (
        <p
          role="status"
          data-testid="api-tokens-message"
          className={`mt-8 text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}
        >
          {state.message}
        </p>
      ) : null}
    </>
  );
}
