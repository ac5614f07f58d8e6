// The twelve Bezirke, in the order of their official numbers (data/geo/districts.tsv).
export const BEZIRKE = [
  'Mitte', 'Friedrichshain-Kreuzberg', 'Pankow', 'Charlottenburg-Wilmersdorf', 'Spandau',
  'Steglitz-Zehlendorf', 'Tempelhof-Schöneberg', 'Neukölln', 'Treptow-Köpenick',
  'Marzahn-Hellersdorf', 'Lichtenberg', 'Reinickendorf',
];
