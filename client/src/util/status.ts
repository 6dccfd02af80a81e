// What the status bar item says about the active document's findings.

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Status bar text with codicons; undefined counts mean the server has not answered yet. */
export function statusText(counts: FindingCounts | undefined): string {
  if (!counts) return '$(shield) $(sync~spin)';
  const parts = [
    counts.errors > 0 ? `$(error) ${counts.errors}` : undefined,
    counts.warnings > 0 ? `$(warning) ${counts.warnings}` : undefined,
    counts.infos > 0 ? `$(info) ${counts.infos}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? '$(shield) $(check)' : `$(shield) ${parts.join(' ')}`;
}

export function statusTooltip(counts: FindingCounts | undefined, fileName: string): string {
  if (!counts) return `Shipshape is checking ${fileName}.`;
  if (counts.errors + counts.warnings + counts.infos === 0) return `Shipshape found no problems in ${fileName}.`;
  return `Shipshape found ${describeCounts(counts)} in ${fileName}. Click to open the Problems panel.`;
}

/** The counts in words: "2 errors, 3 warnings and 1 info", or "no problems". */
export function describeCounts(counts: FindingCounts): string {
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning'), plural(counts.infos, 'info')].filter(
    (part): part is string => part !== undefined,
  );
  return parts.length === 0 ? 'no problems' : joinWords(parts);
}

function plural(count: number, noun: string): string | undefined {
  if (count === 0) return undefined;
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
