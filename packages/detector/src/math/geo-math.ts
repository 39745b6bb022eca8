/** A 2°×2° grid cell (about 220 km), 1-based so that 0 can mean "empty". */
export function placeCell(lat: number, lon: number): number {
  const row = Math.min(89, Math.max(0, Math.floor((lat + 90) / 2)));
  const col = Math.min(179, Math.max(0, Math.floor((lon + 180) / 2)));
  return row * 180 + col + 1;
}
