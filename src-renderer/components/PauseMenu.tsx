import { useT } from '../i18n/index.js';
import { pauseChoices, type PauseChoice } from '../lib/sourceState.js';

/** Holds automatic runs for 30 min, 1 h, until tomorrow morning or until resumed. */
export function PauseMenu({
  label,
  disabled,
  onPause,
  testId,
}: {
  /** Accessible name ("Pause ploomes", "Pause all sources"). */
  label: string;
  disabled?: boolean;
  onPause: (choice: PauseChoice) => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <select
      className="input input-small pause-menu"
      aria-label={label}
      title={t('source.pause.title')}
      value=""
      disabled={disabled}
      data-testid={testId}
      onChange={(e) => {
        const choice = e.target.value as PauseChoice | '';
        if (choice) onPause(choice);
      }}
    >
      <option value="" disabled>
        {t('source.pause')}
      </option>
      {pauseChoices.map((choice) => (
        <option key={choice} value={choice}>
          {t(`pause.${choice}`)}
        </option>
      ))}
    </select>
  );
}
