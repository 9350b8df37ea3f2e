// Luhn mod N check characters, for kyckit's differential tests; test only.
//
// Written from Wikipedia's "Luhn algorithm" and "Luhn mod N algorithm"
// articles: from the rightmost character leftwards, every second code point
// (starting with the rightmost when computing a check character, with the
// one left of it when validating) is doubled and its base-N digits summed.
// N = 10 over 0-9 is the Luhn check of Indian voter ids (EPIC, as
// python-stdnum's in_/epic.py applies it); N = 36 over 0-9A-Z is the GSTIN
// check character (python-stdnum's in_/gstin.py). Shares no code with kyckit.
//
// Reads lines "N STRING" on standard input and prints, per line, "V C": V is
// 1 when STRING ends in a correct check character, else 0; C is the check
// character to append to STRING. A malformed line prints "error".
'use strict';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function sum(codes, doubleFirst, n) {
  let total = 0;
  let double = doubleFirst;
  for (let i = codes.length - 1; i >= 0; i--) {
    let v = codes[i];
    if (double) {
      v *= 2;
      v = Math.floor(v / n) + (v % n);
    }
    total += v;
    double = !double;
  }
  return total;
}

function answer(line) {
  const m = /^(10|36) ([0-9A-Z]+)$/.exec(line);
  if (!m) return 'error';
  const n = Number(m[1]);
  const codes = m[2].split('').map((c) => alphabet.indexOf(c));
  if (codes.some((v) => v < 0 || v >= n)) return 'error';
  const valid = sum(codes, false, n) % n === 0;
  const check = (n - (sum(codes, true, n) % n)) % n;
  return (valid ? '1' : '0') + ' ' + alphabet[check];
}

const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = lines.map(answer);
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
