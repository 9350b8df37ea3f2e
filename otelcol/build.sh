#!/usr/bin/env bash
# Builds the otelcol-kyckit collector, _build/otelcol-kyckit, from
# builder-config.yaml with the OpenTelemetry Collector Builder (ocb), taken
# from the Go module proxy at the version the manifest's modules belong to.
# Extra arguments go to the builder. .ci/run calls this before the module's
# tests, which start the binary (KYCKIT_REQUIRE_OTELCOL=1).
set -euo pipefail
cd "$(dirname "$0")"
OCB=go.opentelemetry.io/collector/cmd/builder@v0.165.0
# _build is a module of its own that no go.work lists: build it outside any
# workspace (otelcol/go.work and the repository's go.work would refuse it).
export GOWORK=off
go run "$OCB" --config=builder-config.yaml "$@"
# The builder's generated sources are not gofmt-clean; format them, so that
# gofmt -l . at the repository root stays quiet after a build.
gofmt -w _build/*.go
