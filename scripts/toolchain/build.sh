#!/usr/bin/env bash
# Builds drover's offline toolchain (Pulumi CLI + Node.js language host, the kubernetes,
# random, tls and command provider plugins, kube-apiserver and etcd) from Go modules, caches
# the binaries outside the repository keyed by version, installs them into a Pulumi home and
# writes <cache>/env.sh.
#
#   scripts/toolchain/build.sh [all|pulumi|kubernetes|random|tls|command|yaml|kube|etcd]...
#
# Environment:
#   DROVER_TOOLCHAIN_DIR       cache root (default $HOME/.cache/drover-toolchain)
#   DROVER_TOOLCHAIN_JOBS      go build -p (default 2)
#   DROVER_TOOLCHAIN_FALLBACK  1 = when the exact release source is not on GOPROXY, build the
#                              documented stand-in (see README.md) instead of failing (default 0)
#   PULUMI_HOME                Pulumi home to install into (default <cache>/pulumi-home)
#   GOMODCACHE, GOCACHE        default <cache>/go/mod and <cache>/go/build
#   GOPROXY                    as usual; GOSUMDB is forced off (every wrapper commits its go.sum)
#
# See scripts/toolchain/README.md for what each component is built from.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${DROVER_TOOLCHAIN_DIR:-$HOME/.cache/drover-toolchain}"
JOBS="${DROVER_TOOLCHAIN_JOBS:-2}"
FALLBACK="${DROVER_TOOLCHAIN_FALLBACK:-0}"

# ---- versions (pinned by the project's npm package-lock) -----------------------------------
PULUMI_VERSION=3.248.0
PULUMI_COMMIT=dc7edd58bc13179f81b80983aab4eb7f74a01b41 # tag pkg/v3.248.0
# The host module has no tags: pseudo-version of the release commit above.
NODEJS_HOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
NODEJS_HOST_PSEUDO=v3.0.0-20260624180030-dc7edd58bc13
# Stand-in host (fallback): last sdk/v3 release that still contained the host package.
NODEJS_HOST_COMPAT_VERSION=3.68.0

KUBERNETES_VERSION=4.34.2
KUBERNETES_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
# Stand-in (fallback): see kubernetes-compat/go.mod.
KUBERNETES_COMPAT_PSEUDO=v4.0.0-20260115033456-f47bc2d6f199
# The stand-in reports its own identity, never the release it stands in for. It is not put in the
# plugin cache as $KUBERNETES_VERSION; env.sh puts it on PATH as an ambient plugin, which the engine
# uses whatever version the SDK asks for, with a warning of its own.
KUBERNETES_COMPAT_VERSION=4.25.0-alpha.0.standin.f47bc2d6f199

RANDOM_VERSION=4.21.2
RANDOM_MODULE=github.com/pulumi/pulumi-random/provider/v4
RANDOM_PSEUDO=v4.0.0-20260917102437-48ee6c4732b1 # root tag v4.21.2 = 48ee6c4732b1

TLS_VERSION=5.6.1
TLS_MODULE=github.com/pulumi/pulumi-tls/provider/v5
TLS_PSEUDO=v5.0.0-20260917103128-ab4644ab6b46 # root tag v5.6.1 = ab4644ab6b46

COMMAND_VERSION=1.2.1
COMMAND_MODULE=github.com/pulumi/pulumi-command/provider
COMMAND_PSEUDO=v0.0.0-20260303235922-7f3eb6f3b77c # tag v1.2.1 = 7f3eb6f3b77c

# Pulumi 3.248.0 bundles the YAML language host v1.37.0 (scripts/get-language-providers.sh at v3.248.0), which
# cannot be built from this proxy (see yaml/go.mod); the stand-in (fallback) is the release v1.30.0.
YAML_BUNDLED_VERSION=1.37.0
YAML_VERSION=1.30.0

KUBE_VERSION=1.36.5 # k8s.io/kubernetes; see kube/go.mod
ETCD_VERSION=3.6.16 # go.etcd.io/etcd/server/v3; see etcd/go.mod

# ---- layout --------------------------------------------------------------------------------
PULUMI_DIR="$ROOT/pulumi-$PULUMI_VERSION"
KUBE_DIR="$ROOT/kube-$KUBE_VERSION"
ETCD_DIR="$ROOT/etcd-$ETCD_VERSION"
YAML_DIR="$ROOT/yaml-$YAML_VERSION"
LOGS="$ROOT/logs"
WORK="$ROOT/work"
export PULUMI_HOME="${PULUMI_HOME:-$ROOT/pulumi-home}"
PULUMI_VBIN="$PULUMI_HOME/versions/$PULUMI_VERSION/bin"

export GOMODCACHE="${GOMODCACHE:-$ROOT/go/mod}"
export GOCACHE="${GOCACHE:-$ROOT/go/build}"
export GOTOOLCHAIN=local GOSUMDB=off CGO_ENABLED=0
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true

provider_dir() { echo "$ROOT/provider-$1-$2"; }

# ---- helpers -------------------------------------------------------------------------------
log() { printf '[toolchain] %s\n' "$*" >&2; }
warn() { printf '[toolchain] WARNING: %s\n' "$*" >&2; }

# run_step NAME CMD...: runs CMD with its output in $LOGS/NAME.log; on failure says which
# step failed and shows the end of its log.
run_step() {
	local name=$1 t0=$SECONDS
	shift
	local logf="$LOGS/$name.log"
	log "  step $name (log: $logf)"
	if ! "$@" >"$logf" 2>&1; then
		log "FAILED: step '$name' after $((SECONDS - t0))s. Last lines of $logf:"
		tail -n "${DROVER_TOOLCHAIN_LOG_LINES:-40}" "$logf" | sed 's/^/    | /' >&2
		return 1
	fi
	log "  step $name ok ($((SECONDS - t0))s)"
}

# go_build MODDIR OUT PKG LDFLAGS: static, trimmed, stamped build using MODDIR's go.sum only.
go_build() {
	(cd "$1" && go build -mod=readonly -p "$JOBS" -trimpath -ldflags "-s -w $4" -o "$2.tmp" "$3") &&
		mv -f "$2.tmp" "$2"
}

# key_of DIR EXTRA...: cache key of a wrapper directory plus recipe details.
key_of() {
	local d=$1
	shift
	{
		if [ -d "$d" ]; then
			find "$d" -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print0 | sort -z |
				xargs -0 -r cat
		fi
		printf '%s\n' "$@" "$(go env GOOS)/$(go env GOARCH)"
	} | sha256sum | cut -c1-16
}

buildinfo_ok() { [ -f "$1/BUILDINFO" ] && grep -qx "key=$2" "$1/BUILDINFO"; }

# write_buildinfo DIR KEY LINES...
write_buildinfo() {
	local d=$1 k=$2
	shift 2
	{
		echo "key=$k"
		printf '%s\n' "$@"
		echo "go=$(go env GOVERSION) $(go env GOOS)/$(go env GOARCH)"
		echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$d/BUILDINFO"
}

# serves_port BIN: starts a Pulumi plugin (provider or language host) and checks that it
# announces its gRPC port, then stops it. (-trimpath keeps -ldflags out of the binary's build
# info, so the version stamp itself is covered by the BUILDINFO key, not read back.)
serves_port() {
	[ -x "$1" ] || return 1
	local line="" pid fd
	exec {fd}< <(exec "$1" 2>/dev/null </dev/null)
	pid=$!
	read -r -t 60 line <&"$fd" || true
	kill "$pid" 2>/dev/null || true
	exec {fd}<&-
	[[ $line =~ ^[0-9]+$ ]]
}

# prints_line LINE CMD...: true when CMD's output (stdout and stderr) has LINE as a whole line. The output is
# captured first: `CMD | grep -q` under pipefail fails at random when grep exits before CMD has written its last
# line (SIGPIPE), which made correct binaries look broken.
prints_line() {
	local line=$1 out
	shift
	out=$("$@" 2>&1) || true
	grep -qxF -- "$line" <<<"$out"
}

pulumi_version_of() { PULUMI_HOME="$PULUMI_HOME" "$1" version 2>/dev/null | head -n1; }

check_plugin() {
	serves_port "$1" && return 0
	log "FAILED: $1 does not start (no gRPC port announced)"
	return 1
}

# fresh_work NAME [WRAPPER]: empty work dir, seeded with a copy of the wrapper module.
fresh_work() {
	local w="$WORK/$1"
	rm -rf "$w"
	mkdir -p "$w"
	if [ -n "${2:-}" ]; then cp -R "$2/." "$w/"; fi
	chmod -R u+w "$w"
	echo "$w"
}

# in_dir DIR CMD...: run CMD in DIR.
in_dir() { (cd "$1" && shift && "$@"); }

# mod_json MODULE@VERSION FIELD: a field of `go mod download -json` (downloads the module):
# Dir, GoMod, Hash (.Origin.Hash) or Time (commit time, from the .info file).
mod_json() {
	(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "$1") | node -e '
		let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
			const j = JSON.parse(s), f = process.argv[1];
			if (j.Error) { console.error(j.Error); process.exit(1); }
			let v = j[f];
			if (f === "Hash") v = (j.Origin || {}).Hash;
			if (f === "Time") v = JSON.parse(require("fs").readFileSync(j.Info, "utf8")).Time;
			if (!v) process.exit(1);
			console.log(v);
		});' "$2"
}

# mod_available MODULE@VERSION: is it on GOPROXY? (prints go's error otherwise)
mod_available() {
	local out
	if out=$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "$1" 2>&1) &&
		! grep -q '"Error"' <<<"$out"; then
		return 0
	fi
	log "  $1 is not available from GOPROXY=$(go env GOPROXY):"
	grep -o '"Error": ".*"' <<<"$out" | head -n 2 | sed 's/^/    /' >&2 || true
	return 1
}

# pseudo_of MAJOR COMMIT-TIME HASH: Go pseudo-version vMAJOR.0.0-yyyymmddhhmmss-hash12.
pseudo_of() {
	local ts
	ts=$(node -e 'console.log(new Date(process.argv[1]).toISOString().replace(/[-:T]/g, "").slice(0, 14))' "$2")
	echo "v$1.0.0-$ts-${3:0:12}"
}

# embed_json SRC DST [VERSION]: minified copy of a JSON file, with .version set if given
# (what upstream's `VERSION=x go run generate.go` does for schema.json).
embed_json() {
	node -e '
		const fs = require("fs");
		const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
		if (process.argv[3]) s.version = process.argv[3];
		fs.writeFileSync(process.argv[2], JSON.stringify(s));
	' "$1" "$2" "${3:-}"
}

require_tools() {
	command -v go >/dev/null || {
		log "ERROR: go not found"
		return 1
	}
	command -v node >/dev/null || {
		log "ERROR: node not found (needed to generate embedded schemas)"
		return 1
	}
	# k8s.io/kubernetes 1.36 and etcd 3.6 need go >= 1.26.0; GOTOOLCHAIN=local cannot fetch one.
	local v
	v=$(go env GOVERSION)
	v=${v#go}
	if [ "$(printf '%s\n' 1.26.0 "$v" | sort -V | head -n1)" != 1.26.0 ]; then
		log "ERROR: go $v is too old; need >= 1.26.0"
		return 1
	fi
	mkdir -p "$ROOT" "$LOGS" "$WORK"
}

# ---- pulumi CLI, Node.js language host, dynamic-provider script ----------------------------
# is_ours PATH: PATH is (a link to) something this script installed.
is_ours() {
	local r
	r=$(readlink -f "$1")
	case $r in
	"$(readlink -m "$ROOT")"/* | "$(readlink -m "$PULUMI_HOME")"/*) return 0 ;;
	esac
	return 1
}

build_pulumi() {
	local bin="$PULUMI_DIR/bin" key
	mkdir -p "$bin"
	key=$(key_of "$HERE/pulumi" "pulumi $PULUMI_VERSION")

	# 1. CLI: cached build, else a matching `pulumi` already on PATH, else build.
	local ext
	ext=$(command -v pulumi || true)
	if [ -x "$bin/pulumi" ] && buildinfo_ok "$PULUMI_DIR" "$key" &&
		[ "$(pulumi_version_of "$bin/pulumi")" = "v$PULUMI_VERSION" ]; then
		log "pulumi CLI $PULUMI_VERSION: cached"
	elif [ -n "$ext" ] && ! is_ours "$ext" && [ "$(pulumi_version_of "$ext")" = "v$PULUMI_VERSION" ]; then
		log "pulumi CLI $PULUMI_VERSION: using $ext from PATH"
		cp -f "$(readlink -f "$ext")" "$bin/pulumi"
		local extdir
		extdir=$(dirname "$(readlink -f "$ext")")
		if [ -x "$extdir/pulumi-language-nodejs" ]; then
			cp -f "$extdir/pulumi-language-nodejs" "$bin/pulumi-language-nodejs"
			echo "source=PATH $extdir" >"$bin/pulumi-language-nodejs.SOURCE"
		fi
		write_buildinfo "$PULUMI_DIR" "$key" "source=PATH $ext"
	else
		log "building pulumi CLI $PULUMI_VERSION (github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION) ..."
		local w
		w=$(fresh_work pulumi "$HERE/pulumi")
		run_step pulumi-cli go_build "$w" "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
			"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" || return 1
		local got
		got=$(pulumi_version_of "$bin/pulumi")
		if [ "$got" != "v$PULUMI_VERSION" ]; then
			log "FAILED: built pulumi reports '$got', expected v$PULUMI_VERSION"
			return 1
		fi
		write_buildinfo "$PULUMI_DIR" "$key" "source=github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION (commit $PULUMI_COMMIT)"
	fi
	log "  pulumi version: $(pulumi_version_of "$bin/pulumi")"

	# 2. pulumi-resource-pulumi-nodejs (pulumi.dynamic.Resource): a shell script shipped in
	#    the sdk/v3 module at nodejs/dist/ (repository path sdk/nodejs/dist/).
	local sdk
	sdk=$(mod_json "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" Dir) || sdk=""
	if [ -z "$sdk" ] || [ ! -f "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" ]; then
		log "FAILED: nodejs/dist/pulumi-resource-pulumi-nodejs not found in sdk/v3@v$PULUMI_VERSION"
		return 1
	fi
	install -m 0755 "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"

	# 3. the Node.js language host
	build_nodejs_host
}

build_nodejs_host() {
	local bin="$PULUMI_DIR/bin" out="$PULUMI_DIR/bin/pulumi-language-nodejs"
	local stamp="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
	if [ -f "$out.SOURCE" ] && grep -q '^source=PATH' "$out.SOURCE" && [ -x "$out" ]; then
		log "nodejs language host: from PATH ($(cat "$out.SOURCE"))"
		return 0
	fi
	# Exact host: the untagged module at the CLI's release commit.
	local exact_key
	exact_key=$(key_of "$HERE/pulumi" "host $NODEJS_HOST_MODULE@$NODEJS_HOST_PSEUDO")
	if grep -qx "key=$exact_key" "$out.SOURCE" 2>/dev/null && serves_port "$out"; then
		log "nodejs language host $PULUMI_VERSION: cached"
		return 0
	fi
	log "building nodejs language host $PULUMI_VERSION ($NODEJS_HOST_MODULE@$NODEJS_HOST_PSEUDO) ..."
	if mod_available "$NODEJS_HOST_MODULE@$NODEJS_HOST_PSEUDO"; then
		local w
		w=$(fresh_work nodejs-host "$HERE/pulumi")
		# go.sum for this module cannot be committed until the proxy serves it: resolve now.
		(cd "$w" && go mod edit -require="$NODEJS_HOST_MODULE@$NODEJS_HOST_PSEUDO" -droptool=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi -tool="$NODEJS_HOST_MODULE") || return 1
		run_step nodejs-host-tidy in_dir "$w" env GOFLAGS=-mod=mod go mod tidy || return 1
		run_step nodejs-host go_build "$w" "$out" "$NODEJS_HOST_MODULE" "-X $stamp=v$PULUMI_VERSION" || return 1
		check_plugin "$out" || return 1
		printf 'key=%s\nsource=%s@%s\n' "$exact_key" "$NODEJS_HOST_MODULE" "$NODEJS_HOST_PSEUDO" >"$out.SOURCE"
		return 0
	fi
	if [ "$FALLBACK" != 1 ]; then
		log "FAILED: cannot build the nodejs language host $PULUMI_VERSION (source not on GOPROXY)."
		log "  DROVER_TOOLCHAIN_FALLBACK=1 builds the stand-in from sdk/v3 v$NODEJS_HOST_COMPAT_VERSION instead (README.md)."
		return 1
	fi
	build_nodejs_host_compat "$out"
}

# build_nodejs_host_compat OUT: the STAND-IN host (DROVER_TOOLCHAIN_FALLBACK=1). The host package of
# sdk/v3 v$NODEJS_HOST_COMPAT_VERSION is copied out of the module cache and patched by
# nodejs-host-compat/patch.sh: Run reads the program directory and runtime options from the engine's
# ProgramInfo, RunPlugin runs policy packs (nodejs-host-compat/host/drover_*.go, unit-tested here
# before the build). It reports
# v$NODEJS_HOST_COMPAT_VERSION+drover.<n>; bump <n> when the patch changes behaviour.
build_nodejs_host_compat() {
	local out=$1 patchlevel=drover.1
	local wrapper="$HERE/nodejs-host-compat" module="github.com/pulumi/pulumi/sdk/v3@v$NODEJS_HOST_COMPAT_VERSION"
	local stamp="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
	local version="v$NODEJS_HOST_COMPAT_VERSION+$patchlevel" ckey
	ckey=$(key_of "$wrapper" "host-compat $NODEJS_HOST_COMPAT_VERSION $patchlevel" \
		"patch.sh $(sha256sum <"$wrapper/patch.sh" | cut -c1-16)")
	if grep -qx "key=$ckey" "$out.SOURCE" 2>/dev/null && serves_port "$out"; then
		warn "nodejs language host: cached STAND-IN $version from sdk/v3 (not $PULUMI_VERSION)"
		return 0
	fi
	warn "building STAND-IN nodejs language host $version from $module (patched, not $PULUMI_VERSION)"
	local w sdk pkg=cmd/pulumi-language-nodejs
	w=$(fresh_work nodejs-host-compat "$wrapper")
	sdk=$(mod_json "$module" Dir) || return 1
	run_step nodejs-host-compat-patch bash "$wrapper/patch.sh" "$sdk/nodejs/cmd/pulumi-language-nodejs" "$w/$pkg" ||
		return 1
	# -trimpath as in go_build, so the build reuses the packages the test compiled.
	run_step nodejs-host-compat-test in_dir "$w" go test -mod=readonly -trimpath -vet=off -count=1 "./$pkg" || return 1
	run_step nodejs-host-compat go_build "$w" "$out" "./$pkg" "-X $stamp=$version" || return 1
	check_plugin "$out" || return 1
	printf 'key=%s\nsource=%s nodejs/cmd/pulumi-language-nodejs, patched by %s (STAND-IN %s, not %s)\n' \
		"$ckey" "$module" "scripts/toolchain/nodejs-host-compat/patch.sh" "$version" "$PULUMI_VERSION" >"$out.SOURCE"
}

# ---- providers -----------------------------------------------------------------------------
# provider_cached NAME VERSION KEY: cached binary with matching key and version stamp.
provider_cached() {
	local d bin
	d=$(provider_dir "$1" "$2")
	bin="$d/pulumi-resource-$1"
	buildinfo_ok "$d" "$3" && serves_port "$bin"
}

build_kubernetes() {
	local v=$KUBERNETES_VERSION d bin key
	d=$(provider_dir kubernetes "$v")
	bin="$d/pulumi-resource-kubernetes"
	mkdir -p "$d"
	key=$(key_of "$HERE/kubernetes" "kubernetes $v exact")
	if provider_cached kubernetes "$v" "$key"; then
		log "kubernetes provider $v: cached"
		return 0
	fi
	log "building kubernetes provider $v ..."
	# The release commit is the one of the repository's root tag v4.34.2 (not of
	# sdk/v4.34.2); provider/v4 has no tags, so it is required by that commit's pseudo-version.
	local root="github.com/pulumi/pulumi-kubernetes@v$v+incompatible" hash time pseudo=""
	if hash=$(mod_json "$root" Hash 2>/dev/null) && time=$(mod_json "$root" Time 2>/dev/null); then
		pseudo=$(pseudo_of 4 "$time" "$hash")
	else
		log "  cannot resolve the v$v release commit: $root is not available from GOPROXY"
	fi
	if [ -n "$pseudo" ] && mod_available "$KUBERNETES_MODULE@$pseudo"; then
		local w src gov
		w=$(fresh_work kubernetes)
		src=$(mod_json "$KUBERNETES_MODULE@$pseudo" Dir) || return 1
		gov=$(awk '$1=="go"{print $2; exit}' "$(mod_json "$KUBERNETES_MODULE@$pseudo" GoMod)")
		printf 'module drover.invalid/toolchain/kubernetes\n\ngo %s\n\nrequire %s %s\n' \
			"$gov" "$KUBERNETES_MODULE" "$pseudo" >"$w/go.mod"
		build_kubernetes_in "$w" "$src" "$v" "$bin" tidy || return 1
		write_buildinfo "$d" "$key" "source=$KUBERNETES_MODULE@$pseudo (release v$v)"
		return 0
	fi
	if [ "$FALLBACK" != 1 ]; then
		log "FAILED: cannot build kubernetes provider $v (release source not on GOPROXY)."
		log "  DROVER_TOOLCHAIN_FALLBACK=1 builds the stand-in from $KUBERNETES_MODULE@$KUBERNETES_COMPAT_PSEUDO (README.md)."
		return 1
	fi
	local sd sbin
	sd="$ROOT/standin-bin"
	sbin="$sd/pulumi-resource-kubernetes"
	mkdir -p "$sd"
	# Never leave a stand-in in the plugin cache under the release's version (earlier builds did).
	rm -rf "$PULUMI_HOME/plugins/resource-kubernetes-v$v" "$PULUMI_HOME/plugins/resource-kubernetes-v$v.partial" \
		"$PULUMI_HOME/plugins/resource-kubernetes-v$v.lock" "$d"
	key=$(key_of "$HERE/kubernetes-compat" "kubernetes compat $KUBERNETES_COMPAT_PSEUDO $KUBERNETES_COMPAT_VERSION")
	if buildinfo_ok "$sd" "$key" && serves_port "$sbin"; then
		warn "kubernetes provider: cached STAND-IN $KUBERNETES_COMPAT_VERSION (not $v), ambient on PATH"
		return 0
	fi
	warn "building STAND-IN kubernetes provider $KUBERNETES_COMPAT_VERSION from $KUBERNETES_MODULE@$KUBERNETES_COMPAT_PSEUDO (not $v)"
	local w src
	w=$(fresh_work kubernetes-compat "$HERE/kubernetes-compat")
	src=$(mod_json "$KUBERNETES_MODULE@$KUBERNETES_COMPAT_PSEUDO" Dir) || return 1
	build_kubernetes_in "$w" "$src" "$KUBERNETES_COMPAT_VERSION" "$sbin" || return 1
	write_buildinfo "$sd" "$key" "source=$KUBERNETES_MODULE@$KUBERNETES_COMPAT_PSEUDO (STAND-IN $KUBERNETES_COMPAT_VERSION, not the v$v release)"
}

# build_kubernetes_in WORKDIR MODULEDIR VERSION OUT [tidy]
# main.go embeds schema-embed.json and terraform-mapping-embed.json, which upstream generates
# (gitignored, so absent from the module zip): copy the main package out and generate them.
build_kubernetes_in() {
	local w=$1 src=$2 v=$3 out=$4 tidy=${5:-}
	local from="$src/cmd/pulumi-resource-kubernetes" cmd="$w/cmd/pulumi-resource-kubernetes"
	mkdir -p "$cmd"
	cp "$from/main.go" "$cmd/"
	chmod u+w "$cmd/main.go"
	run_step kubernetes-embed-schema embed_json "$from/schema.json" "$cmd/schema-embed.json" "$v" || return 1
	run_step kubernetes-embed-mapping embed_json "$from/terraform-mapping.json" "$cmd/terraform-mapping-embed.json" || return 1
	if [ -n "$tidy" ]; then
		run_step kubernetes-tidy in_dir "$w" env GOFLAGS=-mod=mod go mod tidy || return 1
	fi
	run_step kubernetes-build go_build "$w" "$out" ./cmd/pulumi-resource-kubernetes \
		"-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$v" || return 1
	check_plugin "$out"
}

# Terraform-bridged providers (random, tls). The provider module imports a nested "shim"
# module (replace <shim> => ./shim in its go.mod) that is neither in its zip nor on the proxy:
# recreate it from scripts/toolchain/<name>/shim/shim.go plus a go.mod carrying the provider's
# own pins of terraform-plugin-framework and the upstream Terraform provider.
# main.go embeds schema-embed.json (generated) and bridge-metadata.json (in the zip).
build_bridged() {
	local name=$1 v=$2 module=$3 pseudo=$4 d bin key
	d=$(provider_dir "$name" "$v")
	bin="$d/pulumi-resource-$name"
	mkdir -p "$d"
	key=$(key_of "$HERE/$name" "$name $v $module@$pseudo")
	if provider_cached "$name" "$v" "$key"; then
		log "$name provider $v: cached"
		return 0
	fi
	log "building $name provider $v ($module@$pseudo) ..."
	if ! mod_available "$module@$pseudo"; then
		log "FAILED: cannot build $name provider $v (release source not on GOPROXY; no stand-in exists)."
		return 1
	fi
	local w src gomod
	w=$(fresh_work "$name" "$HERE/$name")
	src=$(mod_json "$module@$pseudo" Dir) || return 1
	gomod=$(mod_json "$module@$pseudo" GoMod) || return 1
	# Writes shim/go.mod and go.mod from the provider's go.mod.
	# shellcheck disable=SC2016 # ${...} below are JavaScript template literals
	go mod edit -json "$gomod" | node -e '
		const [w, name, mod, pseudo] = process.argv.slice(1);
		let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
			const fs = require("fs"), j = JSON.parse(s);
			const req = p => (j.Require || []).find(r => r.Path === p);
			const shim = (j.Replace || []).find(r => r.New.Path === "./shim");
			if (!shim) throw new Error("no ./shim replace in the provider go.mod");
			const up = shim.Old.Path.replace(/\/shim$/, "");
			const fw = req("github.com/hashicorp/terraform-plugin-framework"), upv = req(up);
			if (!fw || !upv) throw new Error(`provider go.mod does not pin the framework or ${up}`);
			fs.writeFileSync(`${w}/shim/go.mod`, `module ${shim.Old.Path}\n\ngo ${j.Go}\n\nrequire (\n` +
				`\t${fw.Path} ${fw.Version}\n\t${upv.Path} ${upv.Version}\n)\n`);
			let m = `module drover.invalid/toolchain/${name}\n\ngo ${j.Go}\n\nrequire ${mod} ${pseudo}\n\n` +
				`replace ${shim.Old.Path} => ./shim\n`;
			for (const r of j.Replace || []) if (r.New.Version)  // non-local replaces, verbatim
				m += `replace ${r.Old.Path}${r.Old.Version ? " " + r.Old.Version : ""} => ${r.New.Path} ${r.New.Version}\n`;
			fs.writeFileSync(`${w}/go.mod`, m);
		});' "$w" "$name" "$module" "$pseudo" || return 1
	local from="$src/cmd/pulumi-resource-$name" cmd="$w/cmd/pulumi-resource-$name"
	mkdir -p "$cmd"
	cp "$from/main.go" "$from/bridge-metadata.json" "$cmd/"
	chmod -R u+w "$cmd"
	run_step "$name-embed-schema" embed_json "$from/schema.json" "$cmd/schema-embed.json" "$v" || return 1
	run_step "$name-tidy" in_dir "$w" env GOFLAGS=-mod=mod go mod tidy || return 1
	run_step "$name-build" go_build "$w" "$bin" "./cmd/pulumi-resource-$name" \
		"-X $module/pkg/version.Version=$v" || return 1
	check_plugin "$bin" || return 1
	write_buildinfo "$d" "$key" "source=$module@$pseudo (release v$v)"
}

build_random() { build_bridged random "$RANDOM_VERSION" "$RANDOM_MODULE" "$RANDOM_PSEUDO"; }
build_tls() { build_bridged tls "$TLS_VERSION" "$TLS_MODULE" "$TLS_PSEUDO"; }

build_command() {
	local v=$COMMAND_VERSION d bin key
	d=$(provider_dir command "$v")
	bin="$d/pulumi-resource-command"
	mkdir -p "$d"
	key=$(key_of "$HERE/command" "command $v $COMMAND_MODULE@$COMMAND_PSEUDO")
	if provider_cached command "$v" "$key"; then
		log "command provider $v: cached"
		return 0
	fi
	log "building command provider $v ($COMMAND_MODULE@$COMMAND_PSEUDO) ..."
	if ! mod_available "$COMMAND_MODULE@$COMMAND_PSEUDO"; then
		log "FAILED: cannot build command provider $v (release source not on GOPROXY; no stand-in exists)."
		return 1
	fi
	local w
	w=$(fresh_work command)
	printf 'module drover.invalid/toolchain/command\n\ngo 1.25.0\n\nrequire %s %s\n\ntool %s/cmd/pulumi-resource-command\n' \
		"$COMMAND_MODULE" "$COMMAND_PSEUDO" "$COMMAND_MODULE" >"$w/go.mod"
	run_step command-tidy in_dir "$w" env GOFLAGS=-mod=mod go mod tidy || return 1
	run_step command-build go_build "$w" "$bin" "$COMMAND_MODULE/cmd/pulumi-resource-command" \
		"-X $COMMAND_MODULE/pkg/version.Version=$v" || return 1
	check_plugin "$bin" || return 1
	write_buildinfo "$d" "$key" "source=$COMMAND_MODULE@$COMMAND_PSEUDO (release v$v)"
}

# ---- kube-apiserver, etcd ------------------------------------------------------------------
build_kube() {
	# kube-apiserver is the API; kube-controller-manager runs the namespace and garbage-collector
	# controllers (without them a Namespace never finalizes and foreground deletes never end);
	# kubectl is what drover's own scripts call (Flux cleanup, RKE2 node gates).
	local v=$KUBE_VERSION key b
	mkdir -p "$KUBE_DIR/bin"
	key=$(key_of "$HERE/kube" "kube $v r3 apiserver controller-manager kubectl")
	if buildinfo_ok "$KUBE_DIR" "$key" &&
		[ "$("$KUBE_DIR/bin/kube-apiserver" --version 2>/dev/null)" = "Kubernetes v$v" ] &&
		[ "$("$KUBE_DIR/bin/kube-controller-manager" --version 2>/dev/null)" = "Kubernetes v$v" ] &&
		prints_line "Client Version: v$v" "$KUBE_DIR/bin/kubectl" version --client; then
		log "kube-apiserver, kube-controller-manager, kubectl $v: cached"
		return 0
	fi
	local w hash date ld="" p
	w=$(fresh_work kube "$HERE/kube")
	# The proxy's .info may lack .Origin (it does for v1.36.5 here); then gitCommit is empty.
	hash=$(mod_json "k8s.io/kubernetes@v$v" Hash 2>/dev/null) || hash=""
	date=$(mod_json "k8s.io/kubernetes@v$v" Time 2>/dev/null) || date=""
	for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		ld="$ld -X $p.gitVersion=v$v -X $p.gitMajor=${v%%.*} -X $p.gitMinor=$(cut -d. -f2 <<<"$v")"
		ld="$ld -X $p.gitTreeState=clean -X $p.buildDate=${date:-1970-01-01T00:00:00Z}"
		ld="$ld -X $p.gitCommit=$hash" # empty rather than the source's "$Format:%H$"
	done
	for b in kube-apiserver kube-controller-manager kubectl; do
		log "building $b $v (k8s.io/kubernetes@v$v) ..."
		run_step "$b" go_build "$w" "$KUBE_DIR/bin/$b" "k8s.io/kubernetes/cmd/$b" "$ld" || return 1
	done
	local got
	got=$("$KUBE_DIR/bin/kube-apiserver" --version)
	[ "$got" = "Kubernetes v$v" ] || {
		log "FAILED: kube-apiserver --version says '$got'"
		return 1
	}
	prints_line "Client Version: v$v" "$KUBE_DIR/bin/kubectl" version --client || {
		log "FAILED: kubectl version --client says '$("$KUBE_DIR/bin/kubectl" version --client 2>&1 | head -n1)'"
		return 1
	}
	write_buildinfo "$KUBE_DIR" "$key" "source=k8s.io/kubernetes@v$v"
	log "  $got"
}

build_etcd() {
	local v=$ETCD_VERSION bin="$ETCD_DIR/bin/etcd" key
	mkdir -p "$ETCD_DIR/bin"
	key=$(key_of "$HERE/etcd" "etcd $v")
	if [ -x "$bin" ] && buildinfo_ok "$ETCD_DIR" "$key" &&
		prints_line "etcd Version: $v" "$bin" --version; then
		log "etcd $v: cached"
		return 0
	fi
	log "building etcd $v (go.etcd.io/etcd/server/v3@v$v) ..."
	local w
	w=$(fresh_work etcd "$HERE/etcd")
	run_step etcd go_build "$w" "$bin" go.etcd.io/etcd/server/v3 "" || return 1
	prints_line "etcd Version: $v" "$bin" --version || {
		log "FAILED: etcd --version says '$("$bin" --version | head -n1)'"
		return 1
	}
	write_buildinfo "$ETCD_DIR" "$key" "source=go.etcd.io/etcd/server/v3@v$v"
	log "  $("$bin" --version | head -n1)"
}

# The Pulumi YAML language host, for Pulumi YAML programs that use drover's component package. Only a stand-in
# can be built here; it goes to <root>/standin-bin (on PATH through env.sh), never next to `pulumi`.
build_yaml() {
	local v=$YAML_VERSION bin="$YAML_DIR/bin/pulumi-language-yaml" key
	if [ "$FALLBACK" != 1 ]; then
		log "FAILED: the yaml language host Pulumi $PULUMI_VERSION bundles (v$YAML_BUNDLED_VERSION) needs pulumi pkg/sdk"
		log "  v3.247.0, which GOPROXY does not serve. DROVER_TOOLCHAIN_FALLBACK=1 builds the release v$v instead."
		return 1
	fi
	mkdir -p "$YAML_DIR/bin" "$ROOT/standin-bin"
	key=$(key_of "$HERE/yaml" "yaml $v")
	if [ -x "$bin" ] && buildinfo_ok "$YAML_DIR" "$key"; then
		warn "yaml language host: cached STAND-IN v$v (not v$YAML_BUNDLED_VERSION)"
	else
		warn "building STAND-IN yaml language host v$v (github.com/pulumi/pulumi-yaml@v$v, not v$YAML_BUNDLED_VERSION)"
		local w
		w=$(fresh_work yaml "$HERE/yaml")
		run_step yaml go_build "$w" "$bin" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
			"-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$v" || return 1
		check_plugin "$bin" || return 1
		write_buildinfo "$YAML_DIR" "$key" "STAND-IN source=github.com/pulumi/pulumi-yaml@v$v (not v$YAML_BUNDLED_VERSION)"
	fi
	same_or_link "$bin" "$ROOT/standin-bin/pulumi-language-yaml"
}

# ---- install into PULUMI_HOME, env.sh ------------------------------------------------------
# same_or_link SRC DST: make DST a copy (hard link when possible) of SRC unless identical.
same_or_link() {
	cmp -s "$1" "$2" 2>/dev/null && return 0
	rm -f "$2"
	ln "$1" "$2" 2>/dev/null || cp -f "$1" "$2"
	chmod 0755 "$2"
}

install_pulumi_home() {
	local f
	if [ -x "$PULUMI_DIR/bin/pulumi" ]; then
		mkdir -p "$PULUMI_VBIN"
		for f in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
			[ -x "$PULUMI_DIR/bin/$f" ] && same_or_link "$PULUMI_DIR/bin/$f" "$PULUMI_VBIN/$f"
		done
	fi
	local pulumi="$PULUMI_VBIN/pulumi"
	local name v bin inst
	for name in kubernetes random tls command; do
		case $name in
		kubernetes) v=$KUBERNETES_VERSION ;; random) v=$RANDOM_VERSION ;;
		tls) v=$TLS_VERSION ;; command) v=$COMMAND_VERSION ;;
		esac
		bin="$(provider_dir "$name" "$v")/pulumi-resource-$name"
		[ -x "$bin" ] || continue
		inst="$PULUMI_HOME/plugins/resource-$name-v$v"
		if [ -f "$inst/pulumi-resource-$name" ] && [ ! -e "$inst.partial" ] &&
			cmp -s "$bin" "$inst/pulumi-resource-$name"; then
			continue
		fi
		if [ ! -x "$pulumi" ]; then
			warn "cannot install plugin $name $v: no pulumi CLI in $PULUMI_VBIN (run: build.sh pulumi)"
			continue
		fi
		log "installing plugin resource $name $v into $PULUMI_HOME"
		run_step "install-$name" "$pulumi" plugin install resource "$name" "$v" --file "$bin" --reinstall || return 1
	done
	if [ -x "$pulumi" ]; then
		"$pulumi" plugin ls >"$LOGS/plugin-ls.log" 2>&1 || true
		log "pulumi plugin ls:"
		sed 's/^/    /' "$LOGS/plugin-ls.log" >&2
	fi
}

# ambient_env: with a stand-in plugin built, put it on PATH and let the engine use ambient plugins
# (it warns "using pulumi-resource-<name> from $PATH"); otherwise forbid ambient plugins.
ambient_env() {
	if [ -x "$ROOT/standin-bin/pulumi-resource-kubernetes" ] && [ "$FALLBACK" = 1 ]; then
		printf 'export PATH=%s:"$PATH"\n' "'$ROOT/standin-bin'"
		printf 'export PULUMI_IGNORE_AMBIENT_PLUGINS=false\n'
		local yaml=""
		[ -x "$ROOT/standin-bin/pulumi-language-yaml" ] && yaml="; yaml language host $YAML_VERSION (not $YAML_BUNDLED_VERSION)"
		printf "export DROVER_TOOLCHAIN_STANDINS='kubernetes %s (not %s); nodejs language host %s (not %s)%s'\n" \
			"$KUBERNETES_COMPAT_VERSION" "$KUBERNETES_VERSION" "$NODEJS_HOST_COMPAT_VERSION+drover.1" "$PULUMI_VERSION" "$yaml"
	else
		printf 'export PULUMI_IGNORE_AMBIENT_PLUGINS=true\n'
	fi
}

write_env() {
	local env="$ROOT/env.sh"
	cat >"$env.tmp" <<EOF
# Generated by scripts/toolchain/build.sh -- source it: . "$env"
export PULUMI_HOME='$PULUMI_HOME'
export PATH='$PULUMI_VBIN:$KUBE_DIR/bin:$ETCD_DIR/bin':"\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
$(ambient_env)
export DROVER_KUBE_APISERVER='$KUBE_DIR/bin/kube-apiserver'
export DROVER_ETCD='$ETCD_DIR/bin/etcd'
EOF
	mv -f "$env.tmp" "$env"
}

# ---- main ----------------------------------------------------------------------------------
usage() {
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
	exit "${1:-0}"
}

main() {
	local comps=() c
	[ $# -gt 0 ] || set -- all
	for c in "$@"; do
		case $c in
		all) comps+=(pulumi kubernetes random tls command yaml kube etcd) ;;
		pulumi | kubernetes | random | tls | command | yaml | kube | etcd) comps+=("$c") ;;
		-h | --help | help) usage 0 ;;
		*)
			log "unknown component '$c'"
			usage 2
			;;
		esac
	done
	require_tools
	log "cache: $ROOT  (GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE, go build -p $JOBS)"
	local failed=() t0=$SECONDS t rc
	for c in "${comps[@]}"; do
		t=$SECONDS
		set +e
		("build_$c")
		rc=$?
		set -e
		if [ $rc -ne 0 ]; then
			failed+=("$c")
			log "<< $c FAILED after $((SECONDS - t))s"
		else
			log "<< $c ok ($((SECONDS - t))s)"
		fi
	done
	set +e
	(install_pulumi_home)
	rc=$?
	set -e
	[ $rc -eq 0 ] || failed+=(install)
	write_env
	log "done in $((SECONDS - t0))s"
	log "env: $ROOT/env.sh"
	if [ ${#failed[@]} -gt 0 ]; then
		log "FAILED components: ${failed[*]} (logs in $LOGS)"
		exit 1
	fi
}

main "$@"
