#!/usr/bin/env bash
# Makes the STAND-IN Node.js language host's source: copies the host package out of the module cache
# (github.com/pulumi/pulumi/sdk/v3@v3.68.0, nodejs/cmd/pulumi-language-nodejs) and replaces two methods
# with drover's own (host/drover_*.go, see the comments there):
#   - Run is renamed upstreamRun; drover_run.go's Run points it at Pulumi.yaml `main` and applies the
#     runtime options, both of which newer engines send only in RunRequest.info;
#   - RunPlugin ("not supported") is deleted; drover_runplugin.go runs policy packs and plugins.
# Fails unless each edit matches exactly once, so a different upstream source cannot be patched silently.
#
#   patch.sh <upstream package dir> <output dir>
set -euo pipefail

src=$1 out=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
main="$out/main.go"

rm -rf "$out"
mkdir -p "$out"
for f in "$src"/*.go; do
	case $f in *_test.go) continue ;; esac # upstream tests need modules this wrapper does not pin
	cp "$f" "$out/"
done
chmod -R u+w "$out"

run_sig='^func (host \*nodeLanguageHost) Run(ctx context.Context, req \*pulumirpc.RunRequest)'
plugin_sig='^func (host \*nodeLanguageHost) RunPlugin($'
for re in "$run_sig" "$plugin_sig"; do
	n=$(grep -c "$re" "$main" || true)
	if [ "$n" != 1 ]; then
		echo "patch.sh: expected exactly one match of '$re' in $main, found $n" >&2
		exit 1
	fi
done

sed -i "s/$run_sig/func (host *nodeLanguageHost) upstreamRun(ctx context.Context, req *pulumirpc.RunRequest)/" "$main"
# Delete RunPlugin: from its signature to the first closing brace at column 0.
awk '
	skip && /^}/ { skip = 0; next }
	skip { next }
	$0 == "func (host *nodeLanguageHost) RunPlugin(" { skip = 1; next }
	{ print }
' "$main" >"$main.tmp"
mv "$main.tmp" "$main"

if grep -q 'RunPlugin(' "$main" || ! grep -q 'upstreamRun(' "$main"; then
	echo "patch.sh: the edits to $main did not apply as expected" >&2
	exit 1
fi

cp "$here"/host/drover_*.go "$out/"
echo "patched $src -> $out"
