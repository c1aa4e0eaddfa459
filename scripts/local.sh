#!/usr/bin/env bash
# The main job: `pulumi up -s local` renders the whole fleet of the local stack (stacks/Pulumi.local.yaml) to
# out/<cluster>/ with no Harvester, Rancher or Git server. On a fresh machine it installs what it needs first:
# npm packages, the compiled program, and, when no `pulumi` is on PATH, the offline toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[local] %s\n' "$*" >&2; }

[ -d node_modules ] || { say "installing npm packages (npm ci)"; npm ci --ignore-scripts --no-audit --no-fund; }
say "compiling the stack program (npm run build)"
npm run build >/dev/null

if ! command -v pulumi >/dev/null 2>&1; then
    env_sh="${DROVER_TOOLCHAIN_DIR:-$HOME/.cache/drover-toolchain}/env.sh"
    say "no pulumi on PATH: building the offline toolchain (scripts/toolchain/build.sh; cached after the first run)"
    # random, tls and command are needed by the stack; the build says exactly which cannot be built and why.
    if ! DROVER_TOOLCHAIN_FALLBACK="${DROVER_TOOLCHAIN_FALLBACK:-1}" bash scripts/toolchain/build.sh pulumi kubernetes random tls command; then
        say "FAILED: the offline toolchain is incomplete (see the [toolchain] lines above for which plugin and why)."
        say "With internet access, install Pulumi from pulumi.com instead; it fetches the plugins itself."
        exit 1
    fi
    # shellcheck disable=SC1090
    . "$env_sh"
fi

# A local, file-based backend in the checkout: never the user's own Pulumi state.
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PWD/.pulumi-state}"
mkdir -p .pulumi-state
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    say "PULUMI_CONFIG_PASSPHRASE is not set: using a fixed passphrase for the local render stack only"
    export PULUMI_CONFIG_PASSPHRASE="drover-local-render"
fi
export PULUMI_SKIP_UPDATE_CHECK=true

pulumi stack select local --create --non-interactive
say "pulumi up -s local: rendering to out/"
pulumi up -s local --yes --non-interactive "$@"
say "done: manifests are under out/; secret values are in the stack's secret outputs (pulumi stack output -s local --show-secrets renderedSecrets)"
