// Package workspace holds TestModules, which makes "go test ./..." at the
// repository root cover every module of the workspace.
//
// kyckit is several modules (go.work lists them): the library at the root,
// and cmd/kyckit, retention/boltstore and retention/redisstore, which keep
// go-redis and bbolt out of the library's dependencies. The go command's
// ./... pattern stops at a nested module's directory, even in workspace
// mode, so TestModules runs "go test ./..." in each of the other modules,
// passing on -race, -short, -v and an explicit -count. It stats every file
// of the repository and reads the KYCKIT_* variables, so that go test's
// cache reruns it whenever anything a nested module's tests see changes
// (nested runs use their own cache). "go test work" (Go 1.25 or later)
// tests every module directly.
package workspace
