// drover STAND-IN addition (not upstream code): tests of the request decoding in drover_*.go, run by
// scripts/toolchain/build.sh before it builds the host. Requests are encoded as a v3.248 engine sends
// them: the 3.68 fields, plus info (and kind) appended as raw protobuf fields.

package main

import (
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// encodeInfo encodes a v3.248 ProgramInfo.
func encodeInfo(t *testing.T, root, program, entry string, options map[string]any) []byte {
	t.Helper()
	var b []byte
	b = appendString(b, programInfoRootField, root)
	b = appendString(b, programInfoProgramField, program)
	b = appendString(b, programInfoEntryField, entry)
	if options != nil {
		s, err := structpb.NewStruct(options)
		if err != nil {
			t.Fatal(err)
		}
		o, err := proto.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		b = protowire.AppendTag(b, programInfoOptionsField, protowire.BytesType)
		b = protowire.AppendBytes(b, o)
	}
	return b
}

// withExtra marshals known, appends extra raw fields and unmarshals the result into out, as the 3.68
// gRPC server does with a newer engine's request.
func withExtra(t *testing.T, known, out proto.Message, extra []byte) {
	t.Helper()
	b, err := proto.Marshal(known)
	if err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(append(b, extra...), out); err != nil {
		t.Fatal(err)
	}
}

func TestRunPointsAtProgramDirectoryAndReadsOptions(t *testing.T) {
	info := encodeInfo(t, "/p", "/p/dist/stacks", ".", map[string]any{"typescript": false, "nodeargs": "--a b"})
	var extra []byte
	extra = protowire.AppendTag(extra, runRequestInfoField, protowire.BytesType)
	extra = protowire.AppendBytes(extra, info)
	req := &pulumirpc.RunRequest{}
	withExtra(t, &pulumirpc.RunRequest{Pwd: "/p", Program: ".", Project: "x"}, req, extra)

	got, err := programInfoOf(req, runRequestInfoField)
	if err != nil {
		t.Fatal(err)
	}
	if !got.present || got.rootDirectory != "/p" || got.programDirectory != "/p/dist/stacks" || got.entryPoint != "." {
		t.Fatalf("decoded %+v", got)
	}
	opts, err := parseNodeRuntimeOptions(got.options)
	if err != nil || opts.typescript || opts.nodeargs != "--a b" {
		t.Fatalf("options %+v, %v", opts, err)
	}
	pointAtProgram(req, got)
	if req.Pwd != "/p/dist/stacks" || req.Program != "." || req.Project != "x" {
		t.Fatalf("request after pointAtProgram: pwd=%q program=%q project=%q", req.Pwd, req.Program, req.Project)
	}
}

func TestRunWithoutInfoIsLeftAlone(t *testing.T) {
	req := &pulumirpc.RunRequest{Pwd: "/p/app", Program: "."}
	got, err := programInfoOf(req, runRequestInfoField)
	if err != nil || got.present {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestOptionsDefaultsAndTypeErrors(t *testing.T) {
	opts, err := parseNodeRuntimeOptions(nil)
	if err != nil || !opts.typescript || opts.tsconfigpath != "" || opts.nodeargs != "" {
		t.Fatalf("defaults %+v, %v", opts, err)
	}
	_, err = parseNodeRuntimeOptions(map[string]any{"typescript": "no"})
	if err == nil || !strings.Contains(err.Error(), "typescript must be a boolean") {
		t.Fatalf("got %v", err)
	}
}

func runPluginRequest(t *testing.T, kind string, options map[string]any) *pulumirpc.RunPluginRequest {
	t.Helper()
	var extra []byte
	extra = protowire.AppendTag(extra, runPluginRequestInfoField, protowire.BytesType)
	extra = protowire.AppendBytes(extra, encodeInfo(t, "/pack", "/pack", ".", options))
	extra = appendString(extra, runPluginRequestKindField, kind)
	req := &pulumirpc.RunPluginRequest{}
	withExtra(t, &pulumirpc.RunPluginRequest{
		Pwd: "/project", Args: []string{"127.0.0.1:1234"}, Env: []string{"A=1"},
	}, req, extra)
	return req
}

func TestPolicyPackLaunch(t *testing.T) {
	l, err := planPlugin(runPluginRequest(t, "analyzer", map[string]any{"nodeargs": "--max-old-space-size=512"}))
	if err != nil {
		t.Fatal(err)
	}
	want := pluginLaunch{
		dir:    "/pack",
		module: "@pulumi/pulumi/cmd/run-policy-pack",
		args:   []string{"--max-old-space-size=512", "127.0.0.1:1234", "/pack"},
		cwd:    "/pack",
		env:    []string{"A=1", "PULUMI_NODEJS_TYPESCRIPT=true"},
	}
	if !reflect.DeepEqual(l, want) {
		t.Fatalf("got  %+v\nwant %+v", l, want)
	}
}

func TestResourcePluginLaunch(t *testing.T) {
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "")
	l, err := planPlugin(runPluginRequest(t, "resource", map[string]any{"typescript": false}))
	if err != nil {
		t.Fatal(err)
	}
	want := pluginLaunch{
		dir:    "/pack",
		module: "@pulumi/pulumi/cmd/run-plugin",
		args:   []string{"/pack", "127.0.0.1:1234"},
		cwd:    "/project",
		env:    []string{"A=1"},
	}
	if !reflect.DeepEqual(l, want) {
		t.Fatalf("got  %+v\nwant %+v", l, want)
	}
}

func TestPluginWithoutDirectoryFails(t *testing.T) {
	_, err := planPlugin(&pulumirpc.RunPluginRequest{Pwd: "/project"})
	if err == nil || !strings.Contains(err.Error(), "names no plugin directory") {
		t.Fatalf("got %v", err)
	}
}

func TestMalformedInfoIsAnError(t *testing.T) {
	var extra []byte
	extra = protowire.AppendTag(extra, runRequestInfoField, protowire.BytesType)
	extra = protowire.AppendBytes(extra, []byte{0x0a, 0x05, 'a'}) // field 1 claims 5 bytes, has 1
	req := &pulumirpc.RunRequest{}
	withExtra(t, &pulumirpc.RunRequest{}, req, extra)
	if _, err := programInfoOf(req, runRequestInfoField); err == nil {
		t.Fatal("expected an error")
	}
}
