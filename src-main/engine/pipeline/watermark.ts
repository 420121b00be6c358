// A run's watermark: when it began by the vendor's clock (the HTTP Date of its first answer) or ours, whichever is
// earlier, so clock skew errs towards reading again. The incremental cursor is never saved past it: a record edited
// after its page was read, while a later-edited one was read on a later page, is still "changed since" next time.

export function passWatermark(localStartIso: string, vendorTime: string | undefined): string {
  const vendor = vendorTime ? Date.parse(vendorTime) : NaN;
  const local = Date.parse(localStartIso);
  return new Date(Number.isNaN(vendor) ? local : Math.min(vendor, local)).toISOString();
}

/** The cursor to save: the newest update time loaded, but no later than the watermark. */
export function capCursor(cursor: string | null, watermark: string | null): string | null {
  // A missing or unreadable side parses as NaN, which compares false: the cursor stands.
  // Stryker disable next-line StringLiteral: equivalent (any other non-date text parses as NaN too)
  return Date.parse(cursor ?? '') > Date.parse(watermark ?? '') ? watermark : cursor;
}
