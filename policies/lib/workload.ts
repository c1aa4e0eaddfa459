import { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { readConfig, stringList } from "./config";
import { namespaceOf, PodSpecAt, podSpecOf } from "./podSpec";
import { UnknownTracker } from "./unknown";

/** Namespaces whose workloads the workload policies skip by default: Kubernetes' own system components. */
export const DEFAULT_EXEMPT_NAMESPACES = ["kube-system"];

/** The `exemptNamespaces` key every workload policy takes. */
export const EXEMPT_NAMESPACES_PROPERTY = stringList(
    "Namespaces whose workloads are not checked (system components that need host access).",
    DEFAULT_EXEMPT_NAMESPACES,
);

/** A config schema with `exemptNamespaces` plus the policy's own keys. */
export function workloadSchema(extra: PolicyConfigSchema["properties"] = {}): PolicyConfigSchema {
    return { properties: { exemptNamespaces: EXEMPT_NAMESPACES_PROPERTY, ...extra } };
}

/** What a workload check gets: the pod spec and where it is, a reporter, and a tracker for unknown values. */
export interface WorkloadCheck {
    pod: PodSpecAt;
    args: ResourceValidationArgs;
    report: ReportViolation;
    tracker: UnknownTracker;
}

/**
 * A validation for every workload kind (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), each
 * read at its own pod-spec location. Workloads in an exempt namespace are not applicable. A namespace unknown
 * during preview is treated as not exempt, so the checks still run and can block.
 */
export function validateWorkload(check: (c: WorkloadCheck) => void): ResourceValidation {
    return (args, report) => {
        const pod = podSpecOf(args.type, args.props);
        if (!pod) {
            return;
        }
        const { exemptNamespaces } = readConfig(args, { exemptNamespaces: DEFAULT_EXEMPT_NAMESPACES });
        const namespace = namespaceOf(args.props);
        if (namespace !== undefined && exemptNamespaces.includes(namespace)) {
            args.notApplicable(`namespace ${JSON.stringify(namespace)} is exempt`);
        }
        const tracker = new UnknownTracker();
        check({ pod, args, report, tracker });
        tracker.finish();
    };
}
