import { k8sNoClusterAdminBinding } from "../../../policies/kubernetes/ClusterRoleBinding/noClusterAdminBinding";
import { k8sConfigMapNoSecrets } from "../../../policies/kubernetes/ConfigMap/noSecretLookingKeys";
import { changed } from "../support/harness";
import { ResourceCase } from "./types";

const CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
const RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CM = "kubernetes:core/v1:ConfigMap";

/** A ClusterRoleBinding of cluster-admin to Kubernetes' own group, which the policy allows. */
function adminBinding(): Record<string, unknown> {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "admins" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ kind: "Group", name: "system:masters", apiGroup: "rbac.authorization.k8s.io" }],
    };
}

/** A RoleBinding of the built-in `edit` role to a service account. */
function editBinding(): Record<string, unknown> {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "deployer", namespace: "apps" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "ServiceAccount", name: "deployer" }],
    };
}

function configMap(): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "app", namespace: "apps" },
        data: {
            "log-level": "info",
            "config.yaml": "listen: :8080\n",
            tokenTTL: "1h",
            passwordFile: "/run/secrets/db",
        },
    };
}

const PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

export const rbacConfigMapCases: ResourceCase[] = [
    // k8s-no-cluster-admin-binding
    {
        policy: k8sNoClusterAdminBinding,
        name: "passes cluster-admin for system:masters",
        type: CRB,
        props: adminBinding(),
        violations: [],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "passes Flux's own cluster-reconciler binding by default",
        type: CRB,
        props: changed(adminBinding(), ["subjects", 0], {
            kind: "ServiceAccount",
            name: "kustomize-controller",
            namespace: "flux-system",
        }),
        violations: [],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "passes a binding of a narrower role",
        type: RB,
        props: editBinding(),
        violations: [],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "flags cluster-admin for a user",
        type: CRB,
        props: changed(adminBinding(), ["subjects", 0], { kind: "User", name: "alice" }),
        violations: [
            'ClusterRoleBinding grants cluster-admin to subjects[0] "User:alice"; bind a narrower role, or add it to allowedSubjects if it is a platform controller',
        ],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "flags cluster-admin for every authenticated user",
        type: CRB,
        props: changed(adminBinding(), ["subjects", 0, "name"], "system:authenticated"),
        violations: [
            'ClusterRoleBinding grants cluster-admin to subjects[0] "Group:system:authenticated"; bind a narrower role, or add it to allowedSubjects if it is a platform controller',
        ],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "flags a RoleBinding of cluster-admin to a service account in its namespace",
        type: RB,
        props: changed(editBinding(), ["roleRef", "name"], "cluster-admin"),
        violations: [
            'RoleBinding grants cluster-admin to subjects[0] "ServiceAccount:apps/deployer"; bind a narrower role, or add it to allowedSubjects if it is a platform controller',
        ],
    },
    {
        policy: k8sNoClusterAdminBinding,
        name: "passes a subject on the configured allow-list",
        type: RB,
        props: changed(editBinding(), ["roleRef", "name"], "cluster-admin"),
        config: { allowedSubjects: ["ServiceAccount:apps/deployer"] },
        violations: [],
    },

    // k8s-configmap-no-secrets
    {
        policy: k8sConfigMapNoSecrets,
        name: "passes plain configuration (keys that describe secrets are fine)",
        type: CM,
        props: configMap(),
        violations: [],
    },
    {
        policy: k8sConfigMapNoSecrets,
        name: "flags a password key",
        type: CM,
        props: changed(configMap(), ["data", "DB_PASSWORD"], "hunter2"),
        violations: ['data["DB_PASSWORD"] looks like a secret; move it to a Secret'],
    },
    {
        policy: k8sConfigMapNoSecrets,
        name: "flags a camelCase API key",
        type: CM,
        props: changed(configMap(), ["data", "apiKey"], "abc"),
        violations: ['data["apiKey"] looks like a secret; move it to a Secret'],
    },
    {
        policy: k8sConfigMapNoSecrets,
        name: "flags a TLS private key in binaryData",
        type: CM,
        props: changed(configMap(), ["binaryData", "tls.key"], "LS0tLS1CRUdJTg=="),
        violations: ['binaryData["tls.key"] looks like a secret; move it to a Secret'],
    },
    {
        policy: k8sConfigMapNoSecrets,
        name: "flags a private key under an innocent name",
        type: CM,
        props: changed(configMap(), ["data", "config.yaml"], PEM),
        violations: ['data["config.yaml"] holds a PEM private key; move it to a Secret'],
    },
    {
        policy: k8sConfigMapNoSecrets,
        name: "flags a URL with a password",
        type: CM,
        props: changed(configMap(), ["data", "database-url"], "postgres://app:s3cret@db.internal:5432/app"),
        violations: ['data["database-url"] holds a URL with a password in it; move it to a Secret'],
    },
];
