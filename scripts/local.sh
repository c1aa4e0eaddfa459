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
    # The local stack needs the CLI, the Node.js language host and the kubernetes plugin only: local.sh gives it
    # the node key, the join token and the deploy key (below), so no random, tls or command plugin is used.
    if ! DROVER_TOOLCHAIN_FALLBACK="${DROVER_TOOLCHAIN_FALLBACK:-1}" bash scripts/toolchain/build.sh pulumi kubernetes; then
        say "FAILED: the offline toolchain is incomplete (see the [toolchain] lines above for which step and why)."
        say "With internet access, install Pulumi from pulumi.com instead; it fetches the plugins itself."
        exit 1
    fi
    . "$env_sh"
fi
[ -z "${DROVER_TOOLCHAIN_STANDINS:-}" ] || say "WARNING: using toolchain stand-ins: $DROVER_TOOLCHAIN_STANDINS (scripts/toolchain/README.md)"

state="$PWD/.pulumi-state"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$state}"
mkdir -p "$state"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    say "PULUMI_CONFIG_PASSPHRASE is not set: using a fixed passphrase for the local render stack only"
    export PULUMI_CONFIG_PASSPHRASE="drover-local-render"
fi
export PULUMI_SKIP_UPDATE_CHECK=true

# The stack's configuration: stacks/Pulumi.local.yaml as committed, plus this checkout's encryption salt and
# encrypted secrets, kept in .pulumi-state/ (git-ignored) so that the committed file never changes.
cfg="$state/Pulumi.local.yaml"
if ! pulumi stack select local --non-interactive >/dev/null 2>&1; then
    # `stack init` writes the new stack's encryption salt into stacks/Pulumi.local.yaml: keep it for the copy and
    # put the committed file back as it was.
    cp stacks/Pulumi.local.yaml "$state/Pulumi.local.yaml.committed"
    pulumi stack init local --non-interactive
    grep '^encryptionsalt:' stacks/Pulumi.local.yaml >"$state/encryptionsalt" || true
    cp "$state/Pulumi.local.yaml.committed" stacks/Pulumi.local.yaml
    rm -f "$state/Pulumi.local.yaml.committed"
fi
{ cat "$state/encryptionsalt" 2>/dev/null || true; grep -v '^encryptionsalt:' stacks/Pulumi.local.yaml; } >"$cfg.tmp"
mv -f "$cfg.tmp" "$cfg"

# Secrets of the local stack, made once per checkout (so a second `up` has no changes) and stored encrypted:
# the nodes' SSH key, the RKE2 join token and Flux's deploy key. Values go through stdin, never argv.
keys="$state/local-secrets"
(umask 077 && mkdir -p "$keys")
[ -f "$keys/node" ] || ssh-keygen -q -t ed25519 -N '' -C drover-local-node -f "$keys/node"
[ -f "$keys/deploy" ] || ssh-keygen -q -t ecdsa -b 384 -N '' -C drover-local-flux -f "$keys/deploy"
set_secret() { pulumi config set --secret --non-interactive -s local --config-file "$cfg" "drover:$1" <"$2" >/dev/null; }
set_secret nodeSshPrivateKey "$keys/node"
set_secret gitSshPrivateKey "$keys/deploy"
# One join token per configured cluster, kept across runs.
(umask 077 && node scripts/local-tokens.js stacks/Pulumi.local.yaml "$keys/tokens.json")
set_secret rke2JoinTokens "$keys/tokens.json"

say "pulumi up -s local: rendering to out/"
pulumi up -s local --config-file "$cfg" --yes --non-interactive "$@"
say "done: manifests are under out/; secret values are in the stack's secret outputs (pulumi stack output -s local --show-secrets renderedSecrets)"
