// Where an arrow key goes on a map of areas. From an area's centre, the area whose centre lies
// in that direction (within 63° of it) and nearest, counting sideways distance twice, as
// spatial navigation does. Such a table is not symmetric: Right from A may go to B while Left
// from B goes to C, because B's nearest area to the left is another one. So the keys also
// remember the way back: the opposite key of the last move goes back to where it came from,
// and keys pressed in reverse order retrace any path (Right, Right, Down, then Up, Left,
// Left returns to the start).
const DIRECTIONS = { right: [1, 0], left: [-1, 0], up: [0, -1], down: [0, 1] };
const OPPOSITE = { right: 'left', left: 'right', up: 'down', down: 'up' };

// points: the areas' centres in screen coordinates (y grows downwards). → for each area
// { right, left, up, down }: the index of the area an arrow goes to, or null at the map's edge.
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

// The moves of one map: move(from, direction) → the index to go to, or null. forget() when
// the place was chosen otherwise (Home, End, the mouse), so that no way back leads from it.
export class ArrowMoves {
  constructor(points) {
    this.next = neighbourTable(points);
    this.back = [];  // the moves made, each { direction, from, to }: the way back
  }

  move(from, direction) {
    if (this.back.at(-1)?.to !== from) this.back = [];  // moved otherwise since
    if (this.back.at(-1)?.direction === OPPOSITE[direction]) return this.back.pop().from;
    const to = this.next[from][direction];
    if (to !== null) this.back.push({ direction, from, to });
    return to;
  }

  forget() {
    this.back = [];
  }
}
