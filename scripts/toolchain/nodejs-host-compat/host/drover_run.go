// drover STAND-IN addition (not upstream code); see drover_programinfo.go.
//
// Run: newer engines no longer pass Pulumi.yaml `runtime.options` to the host as flags; they send them,
// with the program directory and entry point, only in RunRequest.info. The 3.68 host therefore ran
// every program with its flag defaults (typescript on: PULUMI_NODEJS_TYPESCRIPT=true even with
// `typescript: false`). build.sh renames the upstream method to upstreamRun; this one applies the
// options from info and takes the working directory and entry point from info, as the v3.248 host does.
//
// Which file runs is then the SDK's run script's decision, the same as with the v3.248 host: for a
// directory `main` (entry point "."), @pulumi/pulumi 3.248's cmd/run/run.js loads the `main` of the
// nearest package.json at or above that directory (see pulumi/pulumi#16363); a file `main` is loaded
// as given.

package main

import (
	"context"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Run is the RPC endpoint for LanguageRuntimeServer::Run.
func (host *nodeLanguageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info, err := programInfoOf(req, runRequestInfoField)
	if err != nil {
		return nil, err
	}
	if !info.present {
		// An engine that predates ProgramInfo: Pwd and Program are already the program's.
		return host.upstreamRun(ctx, req)
	}
	opts, err := parseNodeRuntimeOptions(info.options)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	pointAtProgram(req, info)
	// The options are per request: run on a copy of the host so concurrent requests do not share them.
	h := *host
	h.typescript, h.tsconfigpath, h.nodeargs = opts.typescript, opts.tsconfigpath, opts.nodeargs
	return h.upstreamRun(ctx, req)
}

// pointAtProgram makes the upstream code pass info's program directory as `--pwd` (the run script
// chdirs there) and info's entry point as the module to load, as the v3.248 host does. (The v3.248
// engine also sets Pwd and Program to these values; info is what the v3.248 host reads.)
//
// `--root-directory` (v3.248's extra flag) is deliberately not passed: the 3.68 ResourceMonitor proxy
// answers newer RPCs such as RegisterStackTransform with UNIMPLEMENTED, and programs (drover's
// stacks/render.ts) take a missing root directory as the sign of such a host.
func pointAtProgram(req *pulumirpc.RunRequest, info programInfo) {
	if info.programDirectory != "" {
		req.Pwd = info.programDirectory
	}
	req.Program = info.entryPoint
	if req.Program == "" {
		req.Program = "."
	}
}
