// Units shared by the CLI and the renderer.

const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal (SI) units: "0 B", "950 B", "1.5 kB", "23.4 MB", "1.02 GB"; three significant digits above 1 kB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  // Rounded, 999,960 B is "1 MB", not "1000 kB".
  const rounded = (v: number) => Number(v.toPrecision(3));
  while (unit < byteUnits.length - 1 && (unit === 0 ? Math.round(value) : rounded(value)) >= 1000) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${rounded(value)} ${byteUnits[unit]}`;
}
