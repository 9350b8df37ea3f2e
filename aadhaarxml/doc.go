// Package aadhaarxml opens and verifies UIDAI Aadhaar Paperless Offline
// e-KYC documents and the Aadhaar Secure QR code.
//
// It opens the share-code-protected ZIP (ZipCrypto), verifies the enveloped
// XML signature ([XMLDSig], inclusive C14N) against a pinned ring of UIDAI
// certificates, never against KeyInfo, and reads fields only from the
// verified element. It also checks the mobile and e-mail hashes the document
// carries, and decodes and verifies the Secure QR.
//
// [XMLDSig]: https://www.w3.org/TR/xmldsig-core1/
package aadhaarxml
