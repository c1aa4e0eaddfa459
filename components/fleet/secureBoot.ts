import * as pulumi from "@pulumi/pulumi";
import { VirtualMachineObject } from "../harvester/vmManifest";

/** The type token of the KubeVirt VM a HarvesterVirtualMachine registers. */
export const VM_TYPE = "kubernetes:kubevirt.io/v1:VirtualMachine";

type VmSpec = VirtualMachineObject["spec"];

/**
 * The VM spec with EFI firmware and secure boot, exactly as `buildVirtualMachine` writes them for `efi: true,
 * secureBoot: true` (`firmware.bootloader.efi.secureBoot` and `features.smm.enabled`, which secure boot needs).
 */
export function withSecureBoot(spec: VmSpec): VmSpec {
    const template = spec.template;
    const domain = (template.spec.domain ?? {}) as Record<string, Record<string, unknown> | undefined>;
    return {
        ...spec,
        template: {
            ...template,
            spec: {
                ...template.spec,
                domain: {
                    ...domain,
                    firmware: { ...domain.firmware, bootloader: { efi: { secureBoot: true } } },
                    features: { ...domain.features, smm: { enabled: true } },
                },
            },
        },
    };
}

/**
 * A `transformations` entry for an Rke2Cluster: every node VM boots with EFI and secure boot.
 *
 * Rke2Cluster has no argument for the node VMs' firmware yet, while HarvesterVirtualMachine has (`efi`,
 * `secureBoot`); this sets the same fields on the VM object. Transformations run in the SDK and reach the cluster's
 * nested children. A changed spec replaces the node VM like any other change (the pool's `replaceOnChanges`).
 */
export function secureBootTransformation(
    args: pulumi.ResourceTransformationArgs,
): pulumi.ResourceTransformationResult | undefined {
    if (args.type !== VM_TYPE) {
        return undefined;
    }
    const spec = pulumi.output(args.props.spec as pulumi.Input<VmSpec>).apply(withSecureBoot);
    return { props: { ...args.props, spec }, opts: args.opts };
}
