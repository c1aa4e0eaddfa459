import { readConfig, stringList } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { namespaceOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { UnknownTracker } from "../../lib/unknown";

interface Subject {
    kind?: string;
    name?: string;
    namespace?: string;
}

interface BindingProps {
    roleRef?: { kind?: string; name?: string };
    subjects?: Subject[];
}

/** Flux's install binds cluster-admin to these controllers (fluxcd/flux2 manifests/rbac, `cluster-reconciler`). */
const FLUX_CONTROLLERS = [
    "ServiceAccount:flux-system/kustomize-controller",
    "ServiceAccount:flux-system/helm-controller",
];

/** `Kind:namespace/name` for a ServiceAccount, `Kind:name` for a User or Group. */
function subjectId(s: Subject, bindingNamespace: string | undefined): string {
    if (s.kind === "ServiceAccount") {
        return `ServiceAccount:${s.namespace ?? bindingNamespace ?? "default"}/${s.name}`;
    }
    return `${s.kind}:${s.name}`;
}

/**
 * Kubernetes' own identities: the system:masters group, kube-system service accounts, and system users other than
 * system:anonymous. Groups such as system:authenticated or system:serviceaccounts are not: they cover everyone.
 */
function isSystemSubject(id: string): boolean {
    if (id === "Group:system:masters" || id.startsWith("ServiceAccount:kube-system/")) {
        return true;
    }
    return (
        id.startsWith("User:system:") && id !== "User:system:anonymous" && !id.startsWith("User:system:serviceaccount:")
    );
}

/** cluster-admin is bound only to Kubernetes' own identities and an explicit allow-list. */
export const k8sNoClusterAdminBinding: DroverResourcePolicy = {
    name: "k8s-no-cluster-admin-binding",
    displayName: "No cluster-admin for non-system subjects",
    description:
        "No ClusterRoleBinding or RoleBinding grants the cluster-admin ClusterRole to a subject other than " +
        "Kubernetes' own (system:masters, kube-system service accounts, system: users) or one in allowedSubjects.",
    severity: "critical",
    tags: ["kubernetes", "rbac"],
    url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    remediationSteps: "Bind a narrower ClusterRole or Role; list platform controllers that need it in allowedSubjects.",
    configSchema: {
        properties: {
            allowedSubjects: stringList(
                'Subjects that may hold cluster-admin: "ServiceAccount:<namespace>/<name>", "User:<name>" or "Group:<name>".',
                FLUX_CONTROLLERS,
            ),
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.clusterRoleBinding && args.type !== TYPES.roleBinding) {
            return;
        }
        const props = args.props as BindingProps;
        const roleRef = props.roleRef ?? {};
        if (roleRef.kind !== "ClusterRole" || roleRef.name !== "cluster-admin") {
            return;
        }
        const { allowedSubjects } = readConfig(args, { allowedSubjects: FLUX_CONTROLLERS });
        const kind = args.type === TYPES.clusterRoleBinding ? "ClusterRoleBinding" : "RoleBinding";
        const bindingNamespace = kind === "RoleBinding" ? namespaceOf(args.props) : undefined;
        const subjects = props.subjects ?? [];
        const tracker = new UnknownTracker();
        for (let i = 0; i < subjects.length; i++) {
            tracker.run(() => {
                const id = subjectId(subjects[i], bindingNamespace);
                if (!isSystemSubject(id) && !allowedSubjects.includes(id)) {
                    reportViolation(
                        `${kind} grants cluster-admin to subjects[${i}] ${JSON.stringify(id)}; bind a narrower role, or add it to allowedSubjects if it is a platform controller`,
                    );
                }
            });
        }
        tracker.finish();
    },
};
