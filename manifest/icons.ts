import { PNG } from "pngjs";

/**
 * The app's icons, drawn in code so they are reproducible: a colour icon (192×192, a white
 * shield on the accent colour) and an outline icon (32×32, white on transparent) as Teams asks.
 */
const ACCENT = [0x1f, 0x4e, 0x79] as const;

function insideShield(x: number, y: number, size: number): boolean {
  const u = x / size - 0.5;
  const v = y / size;
  if (v < 0.18 || v > 0.86) return false;
  const halfWidth = v < 0.55 ? 0.3 : 0.3 * (1 - (v - 0.55) / 0.31);
  return Math.abs(u) <= halfWidth;
}

function draw(size: number, background: readonly [number, number, number] | null, hollow: boolean): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (size * y + x) << 2;
      const inShield = insideShield(x, y, size);
      // The outline icon is the shield's edge only, so it reads at 32 px.
      const edge = hollow && inShield && (!insideShield(x - 2, y, size) || !insideShield(x + 2, y, size) || !insideShield(x, y - 2, size) || !insideShield(x, y + 2, size));
      const white = hollow ? edge : inShield;
      if (white) png.data.set([255, 255, 255, 255], i);
      else if (background) png.data.set([...background, 255], i);
      else png.data.set([0, 0, 0, 0], i);
    }
  return PNG.sync.write(png);
}

export const colorIcon = () => draw(192, ACCENT, false);
export const outlineIcon = () => draw(32, null, true);
