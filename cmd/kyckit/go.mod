module github.com/kyckit/kyckit/cmd/kyckit

go 1.25.0

require (
	github.com/kyckit/kyckit v0.0.0-00010101000000-000000000000
	github.com/kyckit/kyckit/retention/boltstore v0.0.0-00010101000000-000000000000
	github.com/kyckit/kyckit/retention/redisstore v0.0.0-00010101000000-000000000000
	github.com/redis/go-redis/v9 v9.22.0
)

// Test dependencies.
require github.com/rogpeppe/go-internal v1.16.0

require (
	github.com/beevik/etree v1.8.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1 // indirect
	github.com/goccy/go-json v0.10.6 // indirect
	github.com/lestrrat-go/blackmagic v1.0.4 // indirect
	github.com/lestrrat-go/dsig v1.4.0 // indirect
	github.com/lestrrat-go/dsig-secp256k1 v1.0.0 // indirect
	github.com/lestrrat-go/httpcc v1.0.1 // indirect
	github.com/lestrrat-go/httprc/v3 v3.0.6 // indirect
	github.com/lestrrat-go/jwx/v3 v3.3.0 // indirect
	github.com/lestrrat-go/option/v2 v2.0.0 // indirect
	github.com/segmentio/asm v1.2.1 // indirect
	github.com/tink-crypto/tink-go/v2 v2.9.0 // indirect
	github.com/valyala/fastjson v1.6.10 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/crypto v0.55.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/tools v0.36.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

replace (
	github.com/kyckit/kyckit => ../..
	github.com/kyckit/kyckit/retention/boltstore => ../../retention/boltstore
	github.com/kyckit/kyckit/retention/redisstore => ../../retention/redisstore
)
