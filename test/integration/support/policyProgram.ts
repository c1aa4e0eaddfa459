// The Pulumi program of test/integration/policyPack.test.ts. The language host runs it (through the project's
// index.js, see policyProgramFiles) in its own Node.js process; jest never imports it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { HarvesterVirtualMachine } from "../../../components/harvester";

/** The insecure variant's VM and Pod, named for the test's assertions. */
export const INSECURE = { vm: "web-insecure", pod: "debug-insecure", container: "shell" } as const;
/** The secure variant's VM and Pod. */
export const SECURE = { vm: "web-secure", pod: "app-secure", container: "app" } as const;

/**
 * Renders instead of deploying (a `renderYamlToDirectory` provider), so no server is needed. Stack config
 * `variant`: "insecure" breaks prod policies (VM on the management network, BIOS, no live migration; a privileged
 * Pod on the host network running `:latest` from Docker Hub as root); "secure" satisfies them.
 */
export function policyProgram(): void {
    const cfg = new pulumi.Config();
    const provider = new k8s.Provider("render", { renderYamlToDirectory: cfg.require("renderDirectory") });
    if (cfg.require("variant") === "insecure") {
        insecure(provider);
    } else {
        secure(provider);
    }
}

function insecure(provider: k8s.Provider): void {
    new HarvesterVirtualMachine(
        INSECURE.vm,
        {
            namespace: "default",
            cpu: 2,
            memory: "4Gi",
            disks: [
                {
                    name: "root",
                    size: "20Gi",
                    image: "default/ubuntu",
                    storageClassName: "longhorn-ubuntu",
                    accessMode: "ReadWriteOnce",
                },
            ],
            networks: [{ name: "nic-1" }], // no network: the pod (management) network
            evictionStrategy: "None",
        },
        { provider },
    );
    new k8s.core.v1.Pod(
        INSECURE.pod,
        {
            metadata: { name: INSECURE.pod, namespace: "default" },
            spec: {
                hostNetwork: true,
                containers: [
                    { name: INSECURE.container, image: "nginx:latest", securityContext: { privileged: true } },
                ],
            },
        },
        { provider },
    );
}

function secure(provider: k8s.Provider): void {
    new HarvesterVirtualMachine(
        SECURE.vm,
        {
            namespace: "default",
            cpu: 2,
            memory: "4Gi",
            disks: [{ name: "root", size: "20Gi", image: "default/ubuntu", storageClassName: "longhorn-ubuntu" }],
            networks: [{ name: "nic-1", network: "default/vlan10" }],
            efi: true,
            secureBoot: true,
        },
        { provider },
    );
    new k8s.core.v1.Pod(
        SECURE.pod,
        {
            metadata: { name: SECURE.pod, namespace: "default" },
            spec: {
                securityContext: { runAsNonRoot: true },
                containers: [
                    {
                        name: SECURE.container,
                        image: "registry.internal:5000/apps/web:1.4.2",
                        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                        resources: {
                            requests: { cpu: "100m", memory: "128Mi" },
                            limits: { cpu: "500m", memory: "256Mi" },
                        },
                    },
                ],
            },
        },
        { provider },
    );
}

/**
 * The files of the project that runs {@link policyProgram}: plain JavaScript (`typescript: false`) that loads this
 * module and drover's TypeScript sources with ts-node in transpile-only mode (the repository's `tsc` checks them).
 */
export function policyProgramFiles(): Record<string, string> {
    const self = __filename.replace(/\.[jt]s$/, "");
    const tsconfig = path.resolve(__dirname, "../../../tsconfig.json");
    return {
        "Pulumi.yaml": [
            "name: drover-policy-it",
            "runtime:",
            "  name: nodejs",
            "  options:",
            "    typescript: false",
            "main: index.js",
            "",
        ].join("\n"),
        // The project's own manifest, so that the run script does not take the repository's (main: dist/index.js).
        "package.json": JSON.stringify({ name: "drover-policy-it", private: true, main: "index.js" }, null, 2),
        "index.js": [
            '"use strict";',
            `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(tsconfig)} });`,
            `require(${JSON.stringify(self)}).policyProgram();`,
            "",
        ].join("\n"),
    };
}
