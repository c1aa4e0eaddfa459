import { FLUX, FLUX_API_GROUP_SUFFIXES } from "./constants";

/**
 * The destroy-time script of a FluxBootstrap, run by a `command.local.Command` whose `delete` Pulumi runs before it
 * deletes Flux's sync objects, CRDs and namespace (see OWNERSHIP.md for the order).
 *
 * It follows `flux uninstall` (fluxcd/flux2 pkg/uninstall): first stop the controllers, so that deleting the
 * `flux-system` Kustomization cannot garbage-collect what Flux deployed and no controller re-adds a finalizer; then
 * remove the finalizers of every Flux object in every namespace, so that deleting the CRDs and the namespace cannot
 * hang. Workloads Flux deployed stay. An already-missing namespace or CRD is not an error; an unreachable cluster is.
 *
 * It needs only `sh` and `kubectl` on the machine running Pulumi, and reads the kubeconfig from the environment
 * variable `DROVER_KUBECONFIG` (written to a private temporary file, removed on exit).
 */
export function buildFluxUninstallScript(namespace: string = FLUX.namespace): string {
    const groups = FLUX_API_GROUP_SUFFIXES.map((g) => g.replace(/\./g, "\\.")).join("|");
    return `set -eu
umask 077
kc=$(mktemp)
trap 'rm -f "$kc"' EXIT
printf '%s' "$DROVER_KUBECONFIG" > "$kc"
export KUBECONFIG="$kc"
ns='${namespace}'

# The API server must answer; a cluster that is gone cannot be cleaned up.
kubectl get --raw /version >/dev/null

# 1. Stop Flux's controllers and the Flux Operator, waiting for their pods to go.
if kubectl get namespace "$ns" >/dev/null 2>&1; then
  kubectl -n "$ns" delete deployment -l app.kubernetes.io/part-of=flux --cascade=foreground --wait=true --ignore-not-found
  kubectl -n "$ns" delete deployment flux-operator --cascade=foreground --wait=true --ignore-not-found
else
  echo "namespace $ns is already gone; nothing to stop"
fi

# 2. Remove the finalizers of every Flux object, in every namespace.
for crd in $(kubectl get crd -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}' | grep -E '\\.(${groups})$' || true); do
  kubectl get "$crd" --all-namespaces -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}' |
  while read -r ons oname; do
    [ -n "$ons" ] || continue
    if ! out=$(kubectl -n "$ons" patch "$crd" "$oname" --type=merge -p '{"metadata":{"finalizers":null}}' 2>&1); then
      case "$out" in
        *NotFound*|*"not found"*) ;;
        *) echo "$out" >&2; exit 1 ;;
      esac
    fi
    echo "removed finalizers of $crd $ons/$oname"
  done
done
`;
}
