// One filter of a list screen: a labelled select whose first option, "All", is the empty value (no filter).
import { useT } from '../i18n/index.js';

export interface FilterOption<V extends string> {
  value: V;
  label: string;
}

export function FilterSelect<V extends string>(props: {
  label: string;
  value: V | '';
  options: readonly FilterOption<V>[];
  onChange: (value: V | '') => void;
}) {
  const t = useT();
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        className="input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V | '')}
      >
        <option value="">{t('ops.all')}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
