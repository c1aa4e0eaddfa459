// drover STAND-IN addition (not upstream code); see drover_programinfo.go.
//
// RunPlugin: the 3.68 host answered "not supported". Newer engines start a Node.js policy pack (and a
// Node.js plugin with a PulumiPlugin.yaml) through this RPC, naming its directory only in
// RunPluginRequest.info and the plugin kind in RunPluginRequest.kind. This runs it as the v3.248 host
// does: node <@pulumi/pulumi/cmd/run-policy-pack as resolved from the pack> [nodeargs] <args> <pack dir>,
// in the pack directory, with the request's environment, streaming stdout and stderr back. build.sh
// deletes the upstream RunPlugin.
//
// Not done (the v3.248 host does it): stack configuration is not put into the pack's environment
// (PULUMI_CONFIG etc., which v3.248 learns by proxying the engine's ConfigureStack call), and debugger
// attachment is not supported.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/google/shlex"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	analyzerPluginKind   = "analyzer" // apitype.AnalyzerPlugin
	runPolicyPackModule  = "@pulumi/pulumi/cmd/run-policy-pack"
	defaultRunPluginPath = "@pulumi/pulumi/cmd/run-plugin"
)

// pluginLaunch is what RunPlugin starts, worked out from the request alone.
type pluginLaunch struct {
	dir    string   // the plugin (policy pack) directory
	module string   // the @pulumi/pulumi entry script to resolve from dir
	args   []string // after the resolved script: nodeargs, then the plugin's arguments and dir
	cwd    string
	env    []string
}

// planPlugin works out the command for a RunPluginRequest. Policy packs get their directory last and
// run in it (as their SDK expects: PolicyPack reads ./package.json); other plugins get it first and run
// in the engine's working directory.
func planPlugin(req *pulumirpc.RunPluginRequest) (pluginLaunch, error) {
	info, err := programInfoOf(req, runPluginRequestInfoField)
	if err != nil {
		return pluginLaunch{}, err
	}
	_, kind, _, err := unknownField(req, runPluginRequestKindField)
	if err != nil {
		return pluginLaunch{}, err
	}
	dir := info.programDirectory
	if dir == "" {
		dir = req.GetProgram() // engines that predate ProgramInfo
	}
	if dir == "" {
		return pluginLaunch{}, errors.New("RunPlugin: the request names no plugin directory")
	}
	opts, err := parseNodeRuntimeOptions(info.options)
	if err != nil {
		return pluginLaunch{}, err
	}
	nodeargs, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return pluginLaunch{}, fmt.Errorf("runtime option nodeargs: %w", err)
	}
	env := append([]string{}, req.GetEnv()...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}
	l := pluginLaunch{dir: dir, env: env, args: nodeargs}
	if kind == analyzerPluginKind {
		l.module, l.cwd = runPolicyPackModule, dir
		l.args = append(append(l.args, req.GetArgs()...), dir)
		return l, nil
	}
	l.module, l.cwd = os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"), req.GetPwd()
	if l.module == "" {
		l.module = defaultRunPluginPath
	}
	l.args = append(append(l.args, dir), req.GetArgs()...)
	return l, nil
}

// resolveScript prints require.resolve(argv[1]), or one line saying why it cannot.
const resolveScript = `try { console.log(require.resolve(process.argv[1])); } catch (e) {` +
	` console.error(e.code === "MODULE_NOT_FOUND" ? "module not found" : e.message); process.exit(1); }`

// resolveModuleFrom is node's require.resolve(module) run from dir, so the plugin's own node_modules
// (or an ancestor's) supply the SDK.
func resolveModuleFrom(ctx context.Context, nodeBin, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBin, "-e", resolveScript, module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("cannot resolve %s from %s (%s); are its dependencies installed? run npm install there",
				module, dir, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// lockedWriter serialises writes: exec copies stdout and stderr on two goroutines, and both end in
// Send on the same gRPC stream, which must not be called concurrently.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// RunPlugin is the RPC endpoint for LanguageRuntimeServer::RunPlugin.
func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	ctx := server.Context()
	l, err := planPlugin(req)
	if err != nil {
		return err
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	runPath, err := resolveModuleFrom(ctx, nodeBin, l.dir, l.module)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	mu := &sync.Mutex{}

	cmd := exec.CommandContext(ctx, nodeBin, append([]string{runPath}, l.args...)...)
	cmd.Dir, cmd.Env = l.cwd, l.env
	cmd.Stdout, cmd.Stderr = lockedWriter{mu, stdout}, lockedWriter{mu, stderr}
	logging.V(5).Infof("drover stand-in RunPlugin: %s (in %s)", cmd, cmd.Dir)

	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return closer.Close()
	case ctx.Err() != nil:
		// The engine ended the plugin (it cancels the call when it is done with it).
		return nil
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		mu.Lock()
		defer mu.Unlock()
		return server.Send(&pulumirpc.RunPluginResponse{
			Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(ee.ExitCode())},
		})
	case errors.As(err, &ee):
		return fmt.Errorf("plugin program ended abnormally: %w", err) // e.g. killed by a signal
	default:
		return fmt.Errorf("problem executing plugin program (could not run node): %w", err)
	}
}
