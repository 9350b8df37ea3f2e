// Interop harness between kyckit/sdjwt (Go) and the TypeScript reference
// @sd-jwt/core 0.19.0. Driven by sdjwt/interop_test.go; test only.
//
//   node interop.js issue AUD NONCE IAT
//     issues a credential (nested object, array element, KB-capable) and a
//     presentation with a KB-JWT; prints JSON {issuer_jwk, issued, presentation}.
//   node interop.js verify ISSUER_JWK_FILE NONCE NOW < token
//     verifies the token (KB-JWT checked when present) and prints the
//     processed payload as JSON.
'use strict';
const fs = require('fs');
const { SDJwtInstance } = require('@sd-jwt/core');
const { ES256, digest, generateSalt } = require('@sd-jwt/crypto-nodejs');

function pub(jwk) {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

async function issue(aud, nonce, iat) {
  const issuer = await ES256.generateKeyPair();
  const holder = await ES256.generateKeyPair();
  const sdjwt = new SDJwtInstance({
    signer: await ES256.getSigner(issuer.privateKey), signAlg: ES256.alg,
    verifier: await ES256.getVerifier(issuer.publicKey),
    kbSigner: await ES256.getSigner(holder.privateKey), kbSignAlg: ES256.alg,
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
  });
  const claims = {
    iss: 'https://issuer.example', vct: 'urn:example:kyc', iat: iat, exp: iat + 3600,
    name: 'Test Person',
    address: { house: '12', district: 'Pune', pincode: '411001' },
    nationalities: ['IN', 'GB'],
    cnf: { jwk: pub(holder.publicKey) },
  };
  const frame = { _sd: ['name', 'address'], address: { _sd: ['pincode'] }, nationalities: { _sd: [1] } };
  const issued = await sdjwt.issue(claims, frame, { header: { typ: 'dc+sd-jwt' } });
  const presentation = await sdjwt.present(issued,
    { address: { pincode: true }, nationalities: { 1: true } },
    { kb: { payload: { aud: aud, nonce: nonce, iat: iat } } });
  return { issuer_jwk: pub(issuer.publicKey), issued, presentation };
}

async function verify(jwkFile, nonce, now, token) {
  const issuerJwk = JSON.parse(fs.readFileSync(jwkFile, 'utf8'));
  const sdjwt = new SDJwtInstance({
    verifier: await ES256.getVerifier(issuerJwk),
    kbVerifier: async (data, sig, payload) => {
      const v = await ES256.getVerifier(payload.cnf.jwk);
      return v(data, sig);
    },
    hasher: digest, hashAlg: 'sha-256',
  });
  const opts = { currentDate: now };
  if (token.split('~').pop() !== '') {
    opts.keyBindingNonce = nonce;
  }
  const res = await sdjwt.verify(token, opts);
  return res.payload;
}

(async () => {
  const [mode, ...args] = process.argv.slice(2);
  let out;
  if (mode === 'issue') {
    out = await issue(args[0], args[1], Number(args[2]));
  } else if (mode === 'verify') {
    out = await verify(args[0], args[1], Number(args[2]), fs.readFileSync(0, 'utf8').trim());
  } else {
    throw new Error('usage: interop.js issue|verify ...');
  }
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => {
  process.stderr.write(String(e && e.message || e) + '\n');
  process.exit(1);
});
