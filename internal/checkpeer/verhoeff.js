// Verhoeff check digits, for kyckit's differential tests; test only.
//
// Written from the three tables printed in Wikipedia's "Verhoeff algorithm"
// article (section "Table-based algorithm"), which python-stdnum's
// stdnum/verhoeff.py also prints. It shares no code and no tables with
// kyckit's internal/verhoeff, which derives its tables from Verhoeff's
// permutation and the dihedral group D5.
//
// Reads one digit string per line on standard input and prints, per line,
// "V C": V is 1 when the line carries a valid check digit, else 0; C is the
// check digit to append to the line, found as Wikipedia and stdnum do (append
// a 0, then take the inverse of the checksum). A line that is not digits
// prints "error".
'use strict';

const d = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const p = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const inv = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

// Wikipedia: take the digits from right to left (n0 is the rightmost);
// c = 0; for each i, c = d(c, p(i mod 8, ni)).
function checksum(s) {
  const digits = s.split('').reverse().map(Number);
  let c = 0;
  digits.forEach((n, i) => { c = d[c][p[i % 8][n]]; });
  return c;
}

const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = lines.map((s) => {
  if (!/^[0-9]+$/.test(s)) return 'error';
  return (checksum(s) === 0 ? '1' : '0') + ' ' + inv[checksum(s + '0')];
});
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
