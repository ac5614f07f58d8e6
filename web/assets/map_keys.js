// Where an arrow key goes on a map of areas: from an area's centre, the area whose centre lies
// in that direction (within 63° of it) and nearest, counting sideways distance twice, as
// spatial navigation does. points: the areas' centres in screen coordinates (y grows
// downwards). → for each area { right, left, up, down }: the index of the area an arrow goes
// to, or null at the map's edge.
const DIRECTIONS = { right: [1, 0], left: [-1, 0], up: [0, -1], down: [0, 1] };

export function neighbourTable(points) {
  return points.map(([x, y], i) => {
    const row = {};
    for (const [name, [dx, dy]] of Object.entries(DIRECTIONS)) {
      let best = null;
      let bestScore = Infinity;
      points.forEach(([px, py], j) => {
        if (j === i) return;
        const along = (px - x) * dx + (py - y) * dy;
        const across = Math.abs((px - x) * dy - (py - y) * dx);
        if (along <= 0 || across > 2 * along) return;
        const score = along + 2 * across;
        if (score < bestScore) { bestScore = score; best = j; }
      });
      row[name] = best;
    }
    return row;
  });
}
