#!/usr/bin/env bash
# Installs the Debian packages the integration tier runs for real, when they are missing:
#   cloud-init      `cloud-init schema` checks the user data drover renders (test/integration/cloudInit.test.ts)
#   openssh-server  /usr/sbin/sshd serves the loopback SSH test hosts (test/integration/support/sshHost.ts)
#   openssh-client  ssh and ssh-keygen, to reach those hosts and generate their keys
#   sudo            the scripts drover runs on a node over SSH call sudo, as they do on the real VMs
#   openssl         test certificates for stand-in servers
# Idempotent: with everything present it changes nothing and does not touch apt. Quiet: one line per run, plus
# apt's log when apt fails. Needs apt-get (Debian, Ubuntu); runs apt as root, through sudo when not root.
set -euo pipefail

missing=()
command -v cloud-init >/dev/null 2>&1 || missing+=(cloud-init)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
{ command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1; } || missing+=(openssh-client)
command -v sudo >/dev/null 2>&1 || missing+=(sudo)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "test-deps: cloud-init, openssh-server, openssh-client, sudo and openssl are installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: FAILED: no apt-get on this machine; install these packages with its package manager: ${missing[*]}" >&2
    exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo -n)
    else
        echo "test-deps: FAILED: not root and no sudo; as root run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi

log="$(mktemp "${TMPDIR:-/tmp}/drover-test-deps.XXXXXX")"
trap 'rm -f "$log"' EXIT

run_apt() {
    if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q "$@" >"$log" 2>&1; then
        echo "test-deps: FAILED: apt-get $* (the packages still missing: ${missing[*]}); apt said:" >&2
        tail -n 25 "$log" >&2
        if [ "${#as_root[@]}" -gt 0 ]; then
            echo "test-deps: if sudo asked for a password, run this script as root instead" >&2
        fi
        exit 1
    fi
}

echo "test-deps: installing ${missing[*]}"
run_apt update
run_apt install -y --no-install-recommends "${missing[@]}"

# Installing the cloud-init package also enables it at boot: on a machine where it then finds a datasource (a cloud
# VM, a hypervisor's config drive) it would run as on a new instance (new SSH host keys, a default user). The tests
# only need `cloud-init schema`, so when this script installed it, it stays off at boot (Debian's
# /lib/systemd/system-generators/cloud-init-generator honours /etc/cloud/cloud-init.disabled). A machine that had
# cloud-init before is left as it was.
if [[ " ${missing[*]} " == *" cloud-init "* ]] && [ ! -e /etc/cloud/cloud-init.enabled ]; then
    "${as_root[@]}" touch /etc/cloud/cloud-init.disabled
    echo "test-deps: cloud-init will not run at boot (remove /etc/cloud/cloud-init.disabled to change that)"
fi

for c in cloud-init ssh ssh-keygen sudo openssl; do
    command -v "$c" >/dev/null 2>&1 || { echo "test-deps: FAILED: $c is still missing after apt-get install" >&2; exit 1; }
done
[ -x /usr/sbin/sshd ] || { echo "test-deps: FAILED: /usr/sbin/sshd is still missing after apt-get install" >&2; exit 1; }
echo "test-deps: done"
