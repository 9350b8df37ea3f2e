// Interop check between kyckit's Go ecdsa package and node:crypto (the
// library 1Kosmos's own Node helper uses). Our own code, written from the
// wire format: ECDH (secp256k1 or prime256v1) -> raw 32-byte x as the AES-256
// key -> AES-256-GCM with a 16-byte IV -> base64(IV || ciphertext || tag).
//
// Run by onekosmos/interop_test.go: it reads one JSON request on stdin and
// writes one JSON answer on stdout.
//
// Request:  {"curve": "secp256k1"|"prime256v1", "rounds": [{
//              "goPub": b64(X||Y), "nodePriv": b64(d),
//              "goEnvelope": str, "goPlaintext": str,
//              "goSig": b64(r||s), "goSigDER": b64(DER)}]}
// For each round Node opens goEnvelope with ECDH(nodePriv, goPub), checks the
// plaintext and Go's signatures over SHA-256(goPlaintext), then makes a fresh
// key pair of its own (private key encoded as Node does, so 31 bytes about
// once in 256), seals a random plaintext to goPub and signs it.
// Answer:   {"rounds": [{"nodePriv", "nodePub", "envelope", "plaintext",
//              "sig", "sigDER"}]}
// Any mismatch exits 1 with a message on stderr.
import crypto from 'node:crypto';

const b64 = (b) => Buffer.from(b).toString('base64');
const unb64 = (s) => Buffer.from(s, 'base64');
const b64url = (b) => Buffer.from(b).toString('base64url');

function fail(msg) {
  process.stderr.write(`interop: ${msg}\n`);
  process.exit(1);
}

function sharedKey(curve, privB64, pubB64) {
  const ecdh = crypto.createECDH(curve);
  ecdh.setPrivateKey(unb64(privB64));
  return ecdh.computeSecret(Buffer.concat([Buffer.from([4]), unb64(pubB64)]));
}

function seal(key, plaintext) {
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(Buffer.from(plaintext, 'utf8')), c.final()]);
  return b64(Buffer.concat([iv, ct, c.getAuthTag()]));
}

function open(key, envelope) {
  const b = unb64(envelope);
  if (b.length < 32) fail('envelope too short');
  const d = crypto.createDecipheriv('aes-256-gcm', key, b.subarray(0, 16));
  d.setAuthTag(b.subarray(b.length - 16));
  return Buffer.concat([d.update(b.subarray(16, b.length - 16)), d.final()]).toString('utf8');
}

function jwk(curve, pubB64, privB64) {
  const xy = unb64(pubB64);
  const k = { kty: 'EC', crv: curve === 'secp256k1' ? 'secp256k1' : 'P-256',
    x: b64url(xy.subarray(0, 32)), y: b64url(xy.subarray(32)) };
  if (privB64 !== undefined) {
    const d = unb64(privB64);
    k.d = b64url(Buffer.concat([Buffer.alloc(32 - d.length), d]));
  }
  return k;
}

const req = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (c) => { s += c; });
  process.stdin.on('end', () => resolve(s));
}));
const curve = req.curve;
if (curve !== 'secp256k1' && curve !== 'prime256v1') fail(`unknown curve ${curve}`);

const rounds = [];
for (const [i, r] of req.rounds.entries()) {
  // Go -> Node.
  let got;
  try {
    got = open(sharedKey(curve, r.nodePriv, r.goPub), r.goEnvelope);
  } catch (e) {
    fail(`round ${i}: cannot open Go's envelope: ${e.message}`);
  }
  if (got !== r.goPlaintext) fail(`round ${i}: Go's plaintext differs`);
  const goKey = crypto.createPublicKey({ key: jwk(curve, r.goPub), format: 'jwk' });
  const msg = Buffer.from(r.goPlaintext, 'utf8');
  if (!crypto.verify('sha256', msg, { key: goKey, dsaEncoding: 'ieee-p1363' }, unb64(r.goSig))) fail(`round ${i}: Go's raw signature rejected`);
  if (!crypto.verify('sha256', msg, { key: goKey, dsaEncoding: 'der' }, unb64(r.goSigDER))) fail(`round ${i}: Go's DER signature rejected`);

  // Node -> Go, with a fresh Node key pair.
  const ecdh = crypto.createECDH(curve);
  ecdh.generateKeys();
  const nodePriv = b64(ecdh.getPrivateKey()); // not left-padded, as in 1Kosmos's helper
  const nodePub = b64(ecdh.getPublicKey().subarray(1));
  const plaintext = JSON.stringify({ round: i, nonce: crypto.randomBytes(12).toString('hex'), text: 'réponse ✓' });
  const key = ecdh.computeSecret(Buffer.concat([Buffer.from([4]), unb64(r.goPub)]));
  const signer = crypto.createPrivateKey({ key: jwk(curve, nodePub, nodePriv), format: 'jwk' });
  rounds.push({
    nodePriv, nodePub, plaintext,
    envelope: seal(key, plaintext),
    sig: b64(crypto.sign('sha256', Buffer.from(plaintext, 'utf8'), { key: signer, dsaEncoding: 'ieee-p1363' })),
    sigDER: b64(crypto.sign('sha256', Buffer.from(plaintext, 'utf8'), { key: signer, dsaEncoding: 'der' })),
  });
}
process.stdout.write(JSON.stringify({ rounds }) + '\n');
