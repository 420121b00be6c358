// One typed filter of a list screen (a date, a run number, a search): a labelled input; empty means no filter.
export function FilterInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'search' | 'date';
  narrow?: boolean;
  numeric?: boolean;
  invalid?: boolean;
}) {
  return (
    <label>
      {props.label}
      <input
        aria-label={props.label}
        className={props.narrow ? 'input input-narrow' : 'input'}
        type={props.type ?? 'text'}
        {...(props.numeric ? { inputMode: 'numeric' as const } : {})}
        {...(props.invalid !== undefined ? { 'aria-invalid': props.invalid } : {})}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
