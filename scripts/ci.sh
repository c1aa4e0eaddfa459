#!/usr/bin/env bash
# The README's test command: installs dependencies, then runs lint, the type check, the unit tier and the
# package check. Fails on the first failing step and says which.
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
