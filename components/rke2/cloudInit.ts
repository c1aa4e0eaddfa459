import * as YAML from "yaml";
import { buildRke2ConfigFiles } from "./config";
import { RKE2_PATHS } from "./constants";
import { buildRegistriesYaml, registryCaPath } from "./registries";
import { buildJoinOrInitScript, shq } from "./scripts";
import { Rke2ClusterSpec, Rke2NodeSpec } from "./spec";

/** One `write_files` entry of `#cloud-config`. */
export interface WriteFile {
    path: string;
    content: string;
    owner: string;
    permissions: string;
}

const JOIN_OR_INIT = `${RKE2_PATHS.droverDir}/rke2-join-or-init.sh`;
const INSTALL_SCRIPT = `${RKE2_PATHS.droverDir}/rke2-install.sh`;

function file(path: string, content: string, permissions: string): WriteFile {
    return { path, content, owner: "root:root", permissions };
}

function yamlText(body: unknown): string {
    return YAML.stringify(body, { lineWidth: 0 });
}

/**
 * Every file cloud-init writes on the node. Secrets (token, registry passwords, S3 keys, the cloud provider's
 * kubeconfig) appear only here, inside the user data, which drover keeps in the VM's secret cloud-init Secret.
 */
export function buildWriteFiles(c: Rke2ClusterSpec, n: Rke2NodeSpec): WriteFile[] {
    const files = buildRke2ConfigFiles(c, n).map((f) => file(f.path, yamlText(f.body), "0600"));
    const registries = buildRegistriesYaml(c.registryMirrors, c.registryAuths);
    if (registries !== undefined) {
        files.push(file(RKE2_PATHS.registries, yamlText(registries), "0600"));
    }
    for (const a of c.registryAuths) {
        if (a.caPem !== undefined) {
            files.push(file(registryCaPath(a.host), a.caPem, "0644"));
        }
    }
    if (c.cloudProviderConfig !== undefined) {
        files.push(file(RKE2_PATHS.cloudProviderConfig, c.cloudProviderConfig, "0600"));
    }
    if (n.role === "server" && c.etcdS3?.endpointCaPem !== undefined) {
        files.push(file(RKE2_PATHS.etcdS3Ca, c.etcdS3.endpointCaPem, "0644"));
    }
    if (n.bootstrap) {
        files.push(file(JOIN_OR_INIT, buildJoinOrInitScript(n.registrationAddress), "0755"));
    }
    return files;
}

/** Air-gap artifacts RKE2's install.sh reads from INSTALL_RKE2_ARTIFACT_PATH (rancher/rke2-docs docs/install/airgap.md). */
export function artifactFiles(c: Rke2ClusterSpec): string[] {
    const names = [`rke2.linux-${c.arch}.tar.gz`, `sha256sum-${c.arch}.txt`];
    // With no private registry the images must come as a tarball, which install.sh checksums and stages.
    if (c.systemDefaultRegistry === undefined && c.registryMirrors.length === 0) {
        names.push(`rke2-images.linux-${c.arch}.tar.zst`);
    }
    return names;
}

/** Commands that install RKE2 at the pinned version, from a local artifact directory when one is given. */
export function installCommands(c: Rke2ClusterSpec, n: Rke2NodeSpec): string[] {
    const cmds: string[] = [`mkdir -p ${RKE2_PATHS.droverDir}`];
    if (c.artifactPath !== undefined && c.artifactUrl !== undefined) {
        cmds.push(`mkdir -p ${shq(c.artifactPath)}`);
        for (const f of artifactFiles(c)) {
            const url = `${c.artifactUrl.replace(/\/+$/, "")}/${f}`;
            cmds.push(`curl -fsSL --retry 5 -o ${shq(`${c.artifactPath}/${f}`)} ${shq(url)}`);
        }
    }
    let script = c.installScript;
    if (/^https?:\/\//.test(c.installScript)) {
        cmds.push(`curl -fsSL --retry 5 -o ${INSTALL_SCRIPT} ${shq(c.installScript)}`);
        script = INSTALL_SCRIPT;
    }
    const env = [`INSTALL_RKE2_VERSION=${shq(c.version)}`, `INSTALL_RKE2_TYPE=${n.role}`];
    if (c.artifactPath !== undefined) {
        env.push(`INSTALL_RKE2_ARTIFACT_PATH=${shq(c.artifactPath)}`);
    }
    cmds.push(`${env.join(" ")} sh ${shq(script)}`);
    return cmds;
}

/** Host prerequisites of the CIS profile (rancher/rke2-docs docs/security/hardening_guide.md), before the service starts. */
function cisCommands(c: Rke2ClusterSpec, n: Rke2NodeSpec): { before: string[]; after: string[] } {
    const before: string[] = [];
    const after: string[] = [];
    if (c.profile !== undefined && n.role === "server") {
        before.push(`getent passwd etcd >/dev/null || useradd -r -c "etcd user" -s /sbin/nologin -M etcd -U`);
    }
    if (c.profile === "cis") {
        const sources = RKE2_PATHS.cisSysctlSources.join(" ");
        after.push(
            `cp -f "$(ls ${sources} 2>/dev/null | head -n 1)" ${RKE2_PATHS.cisSysctlTarget}`,
            "systemctl restart systemd-sysctl",
        );
    }
    return { before, after };
}

/** The `runcmd` list: prerequisites, join-or-init, install, then start the service. */
export function buildRunCmd(c: Rke2ClusterSpec, n: Rke2NodeSpec): string[] {
    const cis = cisCommands(c, n);
    return [
        ...cis.before,
        ...(n.bootstrap ? [`sh ${JOIN_OR_INIT}`] : []),
        ...installCommands(c, n),
        ...cis.after,
        `systemctl enable --now rke2-${n.role}.service`,
    ];
}

/** The automation user drover logs in as over SSH, with passwordless sudo and no password login. */
function automationUser(n: Rke2NodeSpec): Record<string, unknown> {
    return {
        name: n.sshUser,
        gecos: "drover automation",
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        shell: "/bin/bash",
        lock_passwd: true,
        ssh_authorized_keys: [...n.sshAuthorizedKeys],
    };
}

/** The node's `#cloud-config` user data. */
export function buildNodeUserData(c: Rke2ClusterSpec, n: Rke2NodeSpec): string {
    const doc: Record<string, unknown> = {};
    if (n.sshAuthorizedKeys.length > 0) {
        doc.users = ["default", automationUser(n)];
    }
    doc.write_files = buildWriteFiles(c, n);
    doc.runcmd = buildRunCmd(c, n);
    return `#cloud-config\n${yamlText(doc)}`;
}

/**
 * Static addressing as cloud-init network config v2 (netplan syntax), for the VM's single NIC: matched by name
 * so the guest's interface naming does not matter. Returns undefined for DHCP.
 */
export function buildNetworkData(n: Rke2NodeSpec): string | undefined {
    if (n.address === undefined) {
        return undefined;
    }
    const eth: Record<string, unknown> = {
        match: { name: "e*" },
        dhcp4: false,
        addresses: [n.address],
    };
    if (n.gateway !== undefined) {
        eth.routes = [{ to: "0.0.0.0/0", via: n.gateway }];
    }
    if (n.nameservers.length > 0) {
        eth.nameservers = { addresses: [...n.nameservers] };
    }
    return yamlText({ version: 2, ethernets: { primary: eth } });
}
