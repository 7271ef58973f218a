"use client";

import { useActionState, useId } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";
import { stopText, type ModelEndpointView } from "@/components/admin/model-endpoint-view";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * Adds an endpoint, or edits one (`endpoint` given). The key field is a password field whose
 * value never comes back from the server: blank on an edit keeps the stored key.
 */
export function ModelEndpointForm({ action, endpoint }: { action: Action; endpoint?: ModelEndpointView }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const editing = endpoint !== undefined;
  const error = (name: string) => state?.fieldErrors?.[name];
  // After a refusal the typed values come back (never the key); otherwise the endpoint's own.
  const initial = (name: string, current: string | number | null | undefined) =>
    state?.ok === false && state.values
      ? (state.values[name] ?? "")
      : current === null || current === undefined
        ? ""
        : String(current);
  const field = (
    name: string,
    label: string,
    current: string | number | null | undefined,
    extra: React.InputHTMLAttributes<HTMLInputElement> = {},
    hint?: string,
  ) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        defaultValue={initial(name, current)}
        className={inputClass}
        autoComplete="off"
        aria-invalid={error(name) ? true : undefined}
        {...extra}
      />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error(name) ? <p className="mt-1 text-xs text-rose-700">{error(name)}</p> : null}
    </div>
  );
  return (
    <form
      action={formAction}
      className="space-y-5"
      aria-label={editing ? `Edit ${endpoint.name}` : "Add a model endpoint"}
    >
      {editing ? <input type="hidden" name="id" value={endpoint.id} /> : null}
      <div className="grid gap-4 md:grid-cols-3">
        {field(
          "name",
          "Name",
          endpoint?.name,
          { required: true, placeholder: "llama-8b-sft" },
          "Lower-case letters, digits, . - _",
        )}
        {field(
          "baseUrl",
          "Base URL",
          endpoint?.baseUrl,
          { required: true, type: "url", placeholder: "http://localhost:8000/v1" },
          "http(s), usually ending in /v1",
        )}
        {field("model", "Model id", endpoint?.model, {
          required: true,
          placeholder: "meta-llama/Llama-3.1-8B-Instruct",
        })}
      </div>
      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">API key (optional)</legend>
        <div>
          <label htmlFor={`${id}-apiKey`} className={labelClass}>
            {editing ? "New API key" : "API key"}
          </label>
          <input
            id={`${id}-apiKey`}
            name="apiKey"
            type="password"
            className={inputClass}
            autoComplete="new-password"
            placeholder={editing && endpoint.hasKey && !endpoint.keyEnv ? "stored; leave blank to keep it" : ""}
          />
          <p className="mt-1 text-xs text-slate-500">Stored encrypted and never shown again.</p>
          {error("apiKey") ? <p className="mt-1 text-xs text-rose-700">{error("apiKey")}</p> : null}
        </div>
        {field(
          "apiKeyEnv",
          "Or: environment variable holding it",
          endpoint?.keyEnv,
          { placeholder: "OPENAI_API_KEY" },
          "Read on the server when a request is sent.",
        )}
        {editing && endpoint.hasKey ? (
          <label className="flex items-center gap-2 text-sm text-slate-700 md:col-span-2">
            <input type="checkbox" name="removeKey" className="h-4 w-4 rounded border-slate-300" />
            Remove the key
          </label>
        ) : null}
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-4 md:grid-cols-5">
        <legend className="mb-2 text-sm font-semibold text-slate-700">
          Default sampling (blank: the server&apos;s default)
        </legend>
        {field("temperature", "Temperature", endpoint?.temperature, { inputMode: "decimal", placeholder: "0.7" })}
        {field("topP", "Top p", endpoint?.topP, { inputMode: "decimal", placeholder: "1" })}
        {field("maxTokens", "Max tokens", endpoint?.maxTokens, { inputMode: "numeric", placeholder: "512" })}
        {field("seed", "Seed", endpoint?.seed, { inputMode: "numeric" })}
        {field("stop", "Stop", endpoint ? stopText(endpoint.stop) : "", { placeholder: '["\\n\\nUser:"]' })}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Limits</legend>
        {field(
          "maxConcurrency",
          "Max concurrency",
          endpoint?.maxConcurrency ?? 4,
          { inputMode: "numeric", required: true },
          "Requests in flight at once (1 to 256).",
        )}
        {field(
          "requestsPerMinute",
          "Requests per minute",
          endpoint?.requestsPerMinute,
          { inputMode: "numeric" },
          "Blank: no limit of our own.",
        )}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">
          Prices (optional: a conversation&apos;s cost)
        </legend>
        {field(
          "inputPricePerMTok",
          "Input, US$ per million tokens",
          endpoint?.inputPricePerMTok,
          { inputMode: "decimal", placeholder: "0.15" },
          "Prompt tokens. Blank: unknown.",
        )}
        {field(
          "outputPricePerMTok",
          "Output, US$ per million tokens",
          endpoint?.outputPricePerMTok,
          { inputMode: "decimal", placeholder: "0.60" },
          "Completion tokens. Blank: unknown.",
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Saving…" : editing ? "Save changes" : "Add endpoint"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
