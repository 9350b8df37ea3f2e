// UIDAI's mobile/e-mail hash of the Offline e-KYC XML and Secure QR, for
// kyckit's differential tests; test only.
//
// Written from UIDAI's description ("How will service providers use Aadhaar
// Offline e-KYC?", uidai.gov.in FAQ, and the Aadhaar Paperless Offline e-KYC
// page): Sha256(Sha256(Mobile+ShareCode))*N, N the last digit of the Aadhaar
// number, "if Aadhaar ends with 0 or 1 it will be hashed one time"; each
// round hashes the previous digest written as lowercase hex. Uses Node's
// crypto, not kyckit's code.
//
// Reads lines "N<TAB>INPUT" on standard input (N a digit, INPUT the
// already-joined value and share code, as UTF-8) and prints the hex digest
// of each. A malformed line prints "error".
'use strict';
const crypto = require('crypto');

function chain(input, n) {
  const rounds = n < 1 ? 1 : n;
  let h = crypto.createHash('sha256').update(input, 'utf8').digest('hex');
  for (let i = 1; i < rounds; i++) {
    h = crypto.createHash('sha256').update(h, 'utf8').digest('hex');
  }
  return h;
}

const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = lines.map((l) => {
  const m = /^([0-9])\t(.*)$/s.exec(l);
  return m ? chain(m[2], Number(m[1])) : 'error';
});
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
