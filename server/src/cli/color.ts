// ANSI styling for the stylish format, or none at all.

export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const COLORS: Palette = {
  red: style(31, 39),
  yellow: style(33, 39),
  blue: style(34, 39),
  green: style(32, 39),
  dim: style(2, 22),
  bold: style(1, 22),
  underline: style(4, 24),
};

const same = (text: string) => text;
export const PLAIN: Palette = { red: same, yellow: same, blue: same, green: same, dim: same, bold: same, underline: same };

/**
 * Colour only for a terminal, never when the user opted out (`--no-color`, `NO_COLOR`, see
 * https://no-color.org); `FORCE_COLOR` turns it on for CI logs that render ANSI.
 */
export function useColor(options: { flag: boolean; isTTY: boolean; env: Record<string, string | undefined> }): boolean {
  if (!options.flag) return false;
  if (options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== '') return false;
  const force = options.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return options.isTTY;
}
