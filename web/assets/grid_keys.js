// A data table as one Tab stop, as the WAI-ARIA Authoring Practices' data grid: role=grid,
// one cell (or the link in it) with tabindex 0 and all others -1 (a roving tabindex). The
// arrow keys move to the neighbouring cell, Home and End to the first and last cell of the
// row, Ctrl+Home and Ctrl+End to the first and last cell of the table; Enter on a link
// follows it, and Tab leaves the table. The cell last visited is where Tab comes back to.
const MOVES = {
  ArrowRight: ([r, c]) => [r, c + 1], ArrowLeft: ([r, c]) => [r, c - 1],
  ArrowDown: ([r, c]) => [r + 1, c], ArrowUp: ([r, c]) => [r - 1, c],
  Home: ([r], ctrl) => [ctrl ? 0 : r, 0],
  End: ([r], ctrl, cells) => { const row = ctrl ? cells.length - 1 : r; return [row, cells[row].length - 1]; },
};

// The element of a cell that takes the focus: its link, else the cell.
const target = (cell) => cell.querySelector('a[href]') || cell;

// table: an HTML table without row or column spans. → the table, as a grid.
export function gridKeys(table) {
  table.setAttribute('role', 'grid');
  const cells = [...table.rows].map((row) => [...row.cells]);
  for (const row of cells) for (const cell of row) target(cell).setAttribute('tabindex', '-1');
  let at = [0, 0];
  const roving = (to) => {
    target(cells[at[0]][at[1]]).setAttribute('tabindex', '-1');
    at = to;
    target(cells[at[0]][at[1]]).setAttribute('tabindex', '0');
  };
  roving(at);
  table.addEventListener('focusin', (e) => {
    const cell = e.target.closest('th, td');
    const r = cells.findIndex((row) => row.includes(cell));
    if (r >= 0) roving([r, cells[r].indexOf(cell)]);
  });
  table.addEventListener('keydown', (e) => {
    const move = MOVES[e.key];
    const ctrl = e.ctrlKey || e.metaKey;
    if (!move || e.altKey || e.shiftKey || (ctrl && !['Home', 'End'].includes(e.key))) return;
    e.preventDefault();
    const [r, c] = move(at, ctrl, cells);
    const row = Math.max(0, Math.min(cells.length - 1, r));
    const col = Math.max(0, Math.min(cells[row].length - 1, c));
    target(cells[row][col]).focus();
  });
  return table;
}
