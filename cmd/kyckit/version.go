package main

import (
	"runtime/debug"
	"strings"
)

// Version is the version -version prints. Packagers building from a source
// tree set it with
//
//	go build -ldflags "-X main.Version=v0.1.0" ./cmd/kyckit
//
// Left empty, the version comes from the build information: the module
// version of "go install github.com/kyckit/kyckit/cmd/kyckit@v0.1.0", or
// the pseudo-version and commit the go command stamps into a build from a
// git checkout.
var Version string

func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionString(Version, bi)
}

// versionString is the -version line: the version (set, from the module,
// or "(devel)"), followed by the commit it was built from when the build
// information has one and the version does not already name it, and by
// "modified" for uncommitted changes the version does not already mark
// ("+dirty").
func versionString(set string, bi *debug.BuildInfo) string {
	v := set
	var rev string
	modified := false
	if bi != nil {
		if v == "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" || strings.Contains(v, rev) {
		// A pseudo-version names the commit, and says "+dirty" itself.
		return v
	}
	if modified && !strings.Contains(v, "+dirty") {
		rev += " modified"
	}
	return v + " commit " + rev
}
