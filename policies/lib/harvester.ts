/** The parts of a `kubevirt.io/v1 VirtualMachine` the policies read (see components/harvester/vmManifest.ts). */
export interface VmTemplateSpec {
    evictionStrategy?: string;
    domain?: {
        resources?: { limits?: Record<string, unknown> };
        firmware?: { bootloader?: { efi?: { secureBoot?: boolean } } };
        features?: { smm?: { enabled?: boolean } };
    };
    networks?: Array<{ name?: string; pod?: object; multus?: { networkName?: string } }>;
}

export interface VmProps {
    metadata?: { namespace?: string; annotations?: Record<string, string> };
    spec?: { template?: { spec?: VmTemplateSpec } };
}

/** The VM's `spec.template.spec`, or an empty object when the VM has none. */
export function vmTemplateSpec(props: Record<string, unknown>): VmTemplateSpec {
    return (props as VmProps).spec?.template?.spec ?? {};
}
