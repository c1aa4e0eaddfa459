#!/usr/bin/env bash
# The README's test command: installs dependencies, then runs lint, the type check, the unit tier, the package
# check, and the integration tier (the real Pulumi engine against real kube-apiservers, sshd and cloud-init).
# Fails on the first failing step and says which. Every step prints its time, so cold and warm runs can be compared.
#
#   DROVER_CI_UNIT_ONLY=1   stop after the package check (no toolchain, no integration tier)
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
    local name="$1"
    shift
    echo "==> ${name}"
    local start=$SECONDS
    if ! "$@"; then
        echo "FAILED: ${name} (after $((SECONDS - start)) s)" >&2
        exit 1
    fi
    echo "    ${name}: ok in $((SECONDS - start)) s"
}

if [ ! -d ../shared/schemas ] && [ -z "${DROVER_SHARED_DIR:-}" ]; then
    echo "FAILED: ../shared/schemas is missing; the tests validate against it (or set DROVER_SHARED_DIR)" >&2
    exit 1
fi

# --ignore-scripts: the provider packages' install scripts would try to download plugins (offline they cannot).
step "install (npm ci)" npm ci --ignore-scripts --no-audit --no-fund
step "lint" npm run lint
step "type check" npm run typecheck
step "unit tier" npm test -- --ci
step "package" node scripts/check-pack.js

if [ "${DROVER_CI_UNIT_ONLY:-0}" = "1" ]; then
    echo "DROVER_CI_UNIT_ONLY=1: skipping the integration tier"
    exit 0
fi

# The integration tier's real parts. Debian packages: cloud-init, openssh-server/client (scripts/test-deps.sh).
step "test packages (apt, when missing)" bash scripts/test-deps.sh
# The offline toolchain, from Go modules, cached in ~/.cache/drover-toolchain (cold: about 30 min; warm: seconds).
# Only what the tier uses: the CLI, the Node.js and YAML language hosts, the kubernetes plugin, kube-apiserver
# and etcd.
# This machine's module proxy lacks the exact releases of the hosts and the kubernetes, random, tls and command
# plugins, so the hosts and kubernetes plugin are the labelled stand-ins (scripts/toolchain/README.md), and nothing
# in the tier needs random, tls or command.
step "toolchain (scripts/toolchain/build.sh)" env DROVER_TOOLCHAIN_FALLBACK=1 bash scripts/toolchain/build.sh pulumi kubernetes yaml kube etcd
step "integration tier" npm run test:integration -- --ci
