//go:build tools

// Package tools pins the YAML language host's module so that go.mod and go.sum list all it needs; build.sh
// builds the host with `go build github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml`.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
