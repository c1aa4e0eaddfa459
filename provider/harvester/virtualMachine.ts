import * as pulumi from "@pulumi/pulumi";
import * as harvester from "../../components/harvester";
import { droverType } from "../../components/common/names";
import { validateWrapperArgs } from "../plainArgs";
import { HarvesterVirtualMachineArgs, toLibraryVmArgs, vmArgPath } from "./virtualMachineArgs";

/**
 * A Harvester virtual machine, for programs in other Pulumi languages (type `drover:index:HarvesterVirtualMachine`).
 *
 * It builds the same objects as the TypeScript HarvesterVirtualMachine, which it creates as its only child with
 * the same name: a kubevirt.io/v1 VirtualMachine and its cloud-init Secret. Images, networks and key pairs are
 * given as `namespace/name` references (e.g. the `imageId` output of a HarvesterImage).
 */
export class HarvesterVirtualMachine extends pulumi.ComponentResource {
    /** Kubernetes name of the VM. */
    public readonly vmName!: pulumi.Output<string>;
    /** Namespace of the VM. */
    public readonly namespace!: pulumi.Output<string>;
    /** `namespace/name` of the VM. */
    public readonly vmId!: pulumi.Output<string>;
    /** Name of the cloud-init Secret, or "" when the VM has no cloud-init. */
    public readonly cloudInitSecretName!: pulumi.Output<string>;
    /** Names of the PVCs Harvester creates for the disks, in disk order. */
    public readonly pvcNames!: pulumi.Output<string[]>;

    constructor(name: string, args: HarvesterVirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
        // Rehydration (opts.urn) passes no arguments to translate.
        const libraryArgs = opts?.urn ? undefined : toLibraryVmArgs(args);
        // Validate before anything is registered, the component itself included.
        if (libraryArgs) {
            validateWrapperArgs(
                "HarvesterVirtualMachine",
                name,
                args,
                libraryArgs,
                harvester.virtualMachineArgsSchema,
                ["disks", "networks", "sshKeys"],
                vmArgPath,
            );
        }
        super(droverType("HarvesterVirtualMachine"), name, {}, opts);
        if (opts?.urn || !libraryArgs) {
            return;
        }
        const vm = new harvester.HarvesterVirtualMachine(name, libraryArgs, { parent: this });
        this.vmName = vm.vmName;
        this.namespace = vm.namespace;
        this.vmId = vm.vmId;
        this.cloudInitSecretName = vm.cloudInitSecretName;
        this.pvcNames = vm.pvcNames;
        this.registerOutputs({
            vmName: this.vmName,
            namespace: this.namespace,
            vmId: this.vmId,
            cloudInitSecretName: this.cloudInitSecretName,
            pvcNames: this.pvcNames,
        });
    }
}
