import { ENVIRONMENT_PROPERTY, hardenedEnvironment, readConfig, stringList } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { VmProps, vmTemplateSpec } from "../../lib/harvester";
import { DroverResourcePolicy } from "../../lib/types";
import { readOr, UnknownTracker } from "../../lib/unknown";

/** Production VMs never sit on Harvester's management network: neither the pod network nor a listed multus network. */
export const harvesterVmNoManagementNetwork: DroverResourcePolicy = {
    name: "harvester-vm-no-management-network",
    displayName: "No VM on the management network in production",
    description:
        "In staging and prod, no VM NIC uses the pod network (`pod: {}`, Harvester's management network) or a multus " +
        "network listed in managementNetworks.",
    severity: "high",
    tags: ["harvester", "network", "isolation"],
    url: "https://github.com/harvester/harvester/blob/master/pkg/builder/network.go",
    remediationSteps:
        'Give every NIC of the HarvesterVirtualMachine a `network` (a HarvesterNetwork or "namespace/name" of a VM ' +
        "network that is not a management network).",
    configSchema: {
        properties: {
            environment: ENVIRONMENT_PROPERTY,
            managementNetworks: stringList(
                'Multus networks ("namespace/name") that reach the management network, e.g. NADs on the mgmt cluster network.',
                [],
            ),
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachine) {
            return;
        }
        hardenedEnvironment(args);
        const { managementNetworks } = readConfig(args, { managementNetworks: [] as string[] });
        const vmNamespace = readOr(() => (args.props as VmProps).metadata?.namespace, undefined);
        const networks = vmTemplateSpec(args.props).networks ?? [];
        const tracker = new UnknownTracker();
        for (let i = 0; i < networks.length; i++) {
            tracker.run(() => {
                const nic = networks[i];
                const name = readOr(() => nic.name, undefined);
                const where = `spec.template.spec.networks[${i}]${name === undefined ? "" : ` (${JSON.stringify(name)})`}`;
                if (nic.pod !== undefined) {
                    reportViolation(
                        `${where} is on the pod network, Harvester's management network; attach the NIC to a VM network (multus networkName "<namespace>/<network>")`,
                    );
                    return;
                }
                const networkName = nic.multus?.networkName;
                if (networkName === undefined) {
                    return;
                }
                // KubeVirt resolves a multus network name without a namespace in the VM's namespace.
                const full = networkName.includes("/") ? networkName : `${vmNamespace ?? "default"}/${networkName}`;
                if (managementNetworks.includes(full) || managementNetworks.includes(networkName)) {
                    reportViolation(
                        `${where} uses ${JSON.stringify(networkName)}, which is listed in managementNetworks; attach the NIC to a workload VM network instead`,
                    );
                }
            });
        }
        tracker.finish();
    },
};
