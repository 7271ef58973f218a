import { inputClass, labelClass } from "@/components/ui/field-styles";
import { EXPORT_FORMAT_LABELS } from "@/lib/domain/export/formats";

/** The format, controlled: the filters shown depend on it. */
export function FormatSelect({
  formats,
  value,
  onChange,
}: {
  formats: string[];
  value: string;
  onChange: (format: string) => void;
}) {
  return (
    <div>
      <label htmlFor="export-format" className={labelClass}>
        Format
      </label>
      <select
        id="export-format"
        name="format"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
      >
        {formats.map((f) => (
          <option key={f} value={f}>
            {EXPORT_FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Which items and answers go in. Uncontrolled fields: the form reads them on submit. */
export function ExportFilters({ format, kind }: { format: string; kind?: string }) {
  return (
    <fieldset className="grid gap-4 md:grid-cols-3">
      <legend className="mb-2 text-sm font-medium text-slate-700">Filters (all optional)</legend>
      {kind === "demonstration" ? (
        <div>
          <label htmlFor="export-review" className={labelClass}>
            Peer review
          </label>
          {/* docs/EXPORTS.md, "Reviewed demonstrations": the server's default is "accepted". */}
          <select id="export-review" name="review" defaultValue="" className={inputClass}>
            <option value="">Accepted and not sampled (default)</option>
            <option value="reviewed">Only accepted by a reviewer</option>
            <option value="all">All, rejected and waiting included</option>
          </select>
        </div>
      ) : null}
      <NumberField name="minAgreement" label="Minimum item agreement (%)" min={0} max={100} />
      <NumberField name="minAnnotations" label="Minimum answers per item" min={1} max={100} />
      <NumberField name="minLabelerAgreement" label="Labelers with agreement of at least (%)" min={0} max={100} />
      <div>
        <label htmlFor="export-from" className={labelClass}>
          Answers from
        </label>
        <input id="export-from" name="from" type="date" className={inputClass} />
      </div>
      <div>
        <label htmlFor="export-to" className={labelClass}>
          Answers before
        </label>
        <input id="export-to" name="to" type="date" className={inputClass} />
      </div>
      {format === "best-of-n" ? (
        <NumberField name="minLikert" label="Winner's mean Likert at least" min={1} max={7} step={0.5} />
      ) : null}
      <label className="flex items-center gap-2 text-sm text-slate-700 md:col-span-3">
        <input type="checkbox" name="excludeFlagged" className="accent-indigo-600" />
        Leave out items on which anyone raised a flag
      </label>
    </fieldset>
  );
}

/** The train/test split by prompt, and which part to download. */
export function SplitOptions({ split, onSplitChange }: { split: boolean; onSplitChange: (split: boolean) => void }) {
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={split}
          onChange={(e) => onSplitChange(e.target.checked)}
          className="accent-indigo-600"
        />
        Split into train and test by prompt (one prompt never in both)
      </label>
      {/* Always rendered (hidden when off), so that remembered values come back after a reload. */}
      <div className="grid gap-4 md:grid-cols-3" hidden={!split}>
        <NumberField name="trainShare" label="Train share (%)" min={1} max={99} defaultValue="90" />
        <div>
          <label htmlFor="export-part" className={labelClass}>
            Download
          </label>
          <select id="export-part" name="part" defaultValue="all" className={inputClass}>
            <option value="all">every part and the manifest (zip)</option>
            <option value="train">train</option>
            <option value="test">test</option>
          </select>
        </div>
      </div>
    </div>
  );
}

function NumberField({
  name,
  label,
  min,
  max,
  step = 1,
  defaultValue,
}: {
  name: string;
  label: string;
  min: number;
  max: number;
  step?: number;
  defaultValue?: string;
}) {
  return (
    <div>
      <label htmlFor={`export-${name}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`export-${name}`}
        name={name}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        defaultValue={defaultValue}
        className={inputClass}
      />
    </div>
  );
}
