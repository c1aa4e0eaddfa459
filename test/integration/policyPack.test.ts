import * as path from "path";
import { CliProject, createCliProject, expectSuccess, REPO_ROOT } from "./support/cliProject";
import { policyReport, PolicyReport, STREAMING_JSON, Violation } from "./support/engineEvents";
import { INSECURE, policyProgramFiles, SECURE } from "./support/policyProgram";

const PACK = path.join(REPO_ROOT, "policies");
const PROD_CONFIG = path.join(PACK, "config", "prod.json");

const VM = (name: string) => `kubernetes:kubevirt.io/v1:VirtualMachine::${name}`;
const POD = (name: string) => `kubernetes:core/v1:Pod::${name}`;
const shell = `spec.containers[0] ("${INSECURE.container}")`;

/** Every violation the insecure program must get from the prod config, exactly (policies/POLICIES.md). */
const EXPECTED_VIOLATIONS: Violation[] = [
    {
        policy: "harvester-vm-no-management-network",
        resource: VM(INSECURE.vm),
        message:
            'spec.template.spec.networks[0] ("nic-1") is on the pod network, Harvester\'s management network; attach the NIC to a VM network (multus networkName "<namespace>/<network>")',
    },
    {
        policy: "harvester-vm-secure-boot",
        resource: VM(INSECURE.vm),
        message:
            "spec.template.spec.domain.firmware.bootloader.efi is not set, so the VM boots with BIOS; set efi: true and secureBoot: true",
    },
    {
        policy: "harvester-vm-live-migratable",
        resource: VM(INSECURE.vm),
        message:
            'spec.template.spec.evictionStrategy is "None"; set "LiveMigrateIfPossible" so node drains move the VM instead of stopping it',
    },
    {
        policy: "harvester-vm-live-migratable",
        resource: VM(INSECURE.vm),
        message: `disk PVC "${INSECURE.vm}-root" in metadata.annotations["harvesterhci.io/volumeClaimTemplates"] has accessModes ["ReadWriteOnce"]; live migration needs "ReadWriteMany"`,
    },
    {
        policy: "k8s-no-privileged-containers",
        resource: POD(INSECURE.pod),
        message: `${shell} sets securityContext.privileged: true; remove it, a privileged container controls the node`,
    },
    {
        policy: "k8s-no-host-namespaces",
        resource: POD(INSECURE.pod),
        message: "spec.hostNetwork is true; remove it, the pod would share the node's network stack",
    },
    {
        policy: "k8s-run-as-non-root",
        resource: POD(INSECURE.pod),
        message: `${shell} does not set runAsNonRoot: true (in its securityContext or the pod's); set it so the kubelet refuses to run it as root`,
    },
    {
        policy: "k8s-drop-all-capabilities",
        resource: POD(INSECURE.pod),
        message: `${shell} does not drop all capabilities; set securityContext.capabilities.drop: ["ALL"]`,
    },
    {
        policy: "k8s-no-latest-image",
        resource: POD(INSECURE.pod),
        message: `${shell} image "nginx:latest" uses the :latest tag; pin a version tag or a digest`,
    },
    {
        policy: "k8s-approved-registries",
        resource: POD(INSECURE.pod),
        message: `${shell} image "nginx:latest" comes from "docker.io", which is not in approvedRegistries ["registry.internal:5000"]; pull it through an approved registry`,
    },
    {
        policy: "k8s-resource-requests-limits",
        resource: POD(INSECURE.pod),
        message: `${shell} has no resources requests.cpu, requests.memory, limits.cpu and limits.memory; set cpu and memory requests and limits`,
    },
].map((v) => ({ ...v, level: "mandatory" }));

const VM_POLICIES = [
    "harvester-vm-resource-limits",
    "harvester-vm-no-management-network",
    "harvester-vm-secure-boot",
    "harvester-vm-live-migratable",
];
const WORKLOAD_POLICIES = [
    "k8s-no-privileged-containers",
    "k8s-run-as-non-root",
    "k8s-no-host-namespaces",
    "k8s-no-host-path",
    "k8s-drop-all-capabilities",
    "k8s-no-latest-image",
    "k8s-approved-registries",
    "k8s-resource-requests-limits",
];

const byKey = (a: Violation, b: Violation) =>
    `${a.resource} ${a.policy} ${a.message}`.localeCompare(`${b.resource} ${b.policy} ${b.message}`);

describe("the drover policy pack on the real engine (pulumi preview --policy-pack, prod config)", () => {
    let project: CliProject | undefined;

    /** `pulumi preview` of one stack with the pack and the prod config, streamed as engine events. */
    async function previewWithPack(stack: string): Promise<{ code: number | null; report: PolicyReport }> {
        const r = await project!.pulumi(
            ["preview", "--json", "--stack", stack, "--policy-pack", PACK, "--policy-pack-config", PROD_CONFIG],
            STREAMING_JSON,
        );
        const report = policyReport(r);
        if (report.result === undefined) {
            // The engine stopped before the update's summary (the pack or the program did not start): say why.
            throw new Error(`pulumi preview of "${stack}" ended early (exit ${r.code ?? r.signal}):\n${r.stderr}`);
        }
        return { code: r.code, report };
    }

    beforeAll(async () => {
        project = createCliProject("policy", policyProgramFiles());
        for (const variant of ["insecure", "secure"]) {
            expectSuccess("stack init", await project.pulumi(["stack", "init", variant]));
            for (const [k, v] of [
                ["variant", variant],
                ["renderDirectory", path.join(project.dir, "rendered", variant)],
            ]) {
                expectSuccess(`config set ${k}`, await project.pulumi(["config", "set", k, v, "--stack", variant]));
            }
        }
    });

    afterAll(() => project?.dispose());

    it("blocks the insecure program: exits non-zero, naming each mandatory policy with its exact message", async () => {
        const { code, report } = await previewWithPack("insecure");

        expect(code).not.toBe(0);
        expect(report.result).toBe("failed");
        // The program ran to the end: the only error is the policy failure, not a crash.
        expect(report.errors).toEqual(["preview failed"]);
        expect(Object.keys(report.policyPacks)).toEqual([`drover|local|${PACK}`]);
        expect([...report.violations].sort(byKey)).toEqual([...EXPECTED_VIOLATIONS].sort(byKey));
        // The component itself and the stack break nothing; only the rendered objects do.
        expect(report.summaries.get(VM(INSECURE.vm))?.failed.sort()).toEqual([
            "harvester-vm-live-migratable",
            "harvester-vm-no-management-network",
            "harvester-vm-secure-boot",
        ]);
        expect(report.summaries.get(`drover:index:HarvesterVirtualMachine::${INSECURE.vm}`)?.failed).toEqual([]);
    });

    it("passes the secure program with no violation and no advisory note", async () => {
        const { code, report } = await previewWithPack("secure");

        expect(report.errors).toEqual([]);
        expect(code).toBe(0);
        expect(report.result).toBe("succeeded");
        expect(report.violations).toEqual([]);
        // The policies ran on the VM and the Pod (a pack that never saw them would also report nothing).
        const vm = report.summaries.get(VM(SECURE.vm));
        const pod = report.summaries.get(POD(SECURE.pod));
        expect(vm?.failed).toEqual([]);
        expect(pod?.failed).toEqual([]);
        expect(vm?.passed).toEqual(expect.arrayContaining(VM_POLICIES));
        expect(pod?.passed).toEqual(expect.arrayContaining(WORKLOAD_POLICIES));
    });
});
