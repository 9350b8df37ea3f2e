package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "8f6a7a56c182890a42a28bcdf6adf29b8c0d2c8f"
	tests := []struct {
		name string
		set  string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", "", nil, "(devel)"},
		{"go run", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{"go install @v0.1.0", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, "v0.1.0"},
		{"checkout build (pseudo-version names the commit)", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261207052312-8f6a7a56c182"}, Settings: vcs(rev, "false")},
			"v0.1.1-0.20261207052312-8f6a7a56c182"},
		{"dirty checkout build", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261207052312-8f6a7a56c182+dirty"}, Settings: vcs(rev, "true")},
			"v0.1.1-0.20261207052312-8f6a7a56c182+dirty"},
		{"checkout without a module version", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")},
			"(devel) commit 8f6a7a56c182 modified"},
		{"build at a tag", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}, Settings: vcs(rev, "false")},
			"v0.1.0 commit 8f6a7a56c182"},
		{"dirty build at a tag", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.1.0+dirty"}, Settings: vcs(rev, "true")},
			"v0.1.0+dirty commit 8f6a7a56c182"},
		{"-ldflags -X", "v0.1.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v0.1.0"},
		{"-ldflags -X in a checkout", "v0.1.0",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "false")},
			"v0.1.0 commit 8f6a7a56c182"},
		{"-X wins over the module version", "v0.1.0-debian1", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, "v0.1.0-debian1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionString(tt.set, tt.bi); got != tt.want {
				t.Errorf("versionString = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionLdflags builds kyckit the way the README tells packagers to,
// with -ldflags "-X main.Version=…", and runs it: the variable must exist
// under that name and win. The build reuses the test's compiled packages
// (same -race setting), so it costs a link.
func TestVersionLdflags(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build kyckit: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "kyckit")
	// -buildvcs=false: the -X value alone decides (and no git is needed).
	args := []string{"build", "-buildvcs=false", "-o", bin, "-ldflags", "-X main.Version=v9.8.7-test"}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "v9.8.7-test" {
		t.Errorf("-version printed %q, want v9.8.7-test", got)
	}
}
