// Reads a version found in an image against the engine's end-of-life table, for image-os-eol and
// image-runtime-eol: the same table and the same upgrade advice as the Dockerfile rule image-eol.
import { eolProduct, findCycle, isPastEol, oldestSupportedAfter, type EolCycle, type EolProduct, type EolProductId } from '../../engine/eol-data';
import { lineLabel } from '../../engine/image-lifecycle';

export interface PastEndOfLife {
  product: EolProduct;
  /** "Debian 10 (buster)", "Node.js 16". */
  label: string;
  /** "reached end of life on 2024-06-30 (the end of Debian LTS)". */
  ended: string;
  /** "Move to Debian 11 (bullseye) or newer, the oldest release still supported." */
  advice: string;
}

function cycleLabel(product: EolProduct, cycle: EolCycle): string {
  return `${product.title} ${cycle.cycle}${cycle.codename !== undefined ? ` (${cycle.codename})` : ''}`;
}

/** The release line a version belongs to, when it ended before `today` (an ISO date or timestamp). */
export function pastEndOfLife(id: EolProductId, version: string, today: string): PastEndOfLife | undefined {
  const product = eolProduct(id);
  const day = today.slice(0, 10);
  const match = findCycle(product, version);
  // A bare major (`3` for Python) does not say which line it is; only a precise version is judged.
  if (!match || match.kind === 'floating' || match.cycle.eol === undefined || !isPastEol(match.cycle, day)) return undefined;
  const meaning = product.eolMeaning !== undefined ? ` (${product.eolMeaning})` : '';
  const ended = `${match.kind === 'older' ? 'reached end of life on or before' : 'reached end of life on'} ${match.cycle.eol}${meaning}`;
  const target = match.kind === 'older' ? product.cycles.find((cycle) => !isPastEol(cycle, day)) : oldestSupportedAfter(product, match.cycle, day);
  const advice = target
    ? `Move to ${cycleLabel(product, target)} or newer; it is the oldest release still supported.`
    : `Move to ${product.successor ?? `a supported ${product.title} release`}.`;
  return { product, label: lineLabel(product, match, version), ended, advice };
}
