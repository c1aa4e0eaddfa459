import * as YAML from "yaml";
import { buildNetworkData, buildNodeUserData } from "../../../components/rke2";
import { agent, airGappedSpec, clusterSpec, fileBody, firstServer, joiningServer, parseCloudConfig } from "./fixtures";

const index = (cmds: string[], pattern: RegExp) => cmds.findIndex((c) => pattern.test(c));

describe("cloud-init of a first server (online, no CIS)", () => {
    const userData = buildNodeUserData(clusterSpec(), firstServer);
    const doc = parseCloudConfig(userData);

    it("is #cloud-config with users, write_files and runcmd only", () => {
        expect(Object.keys(doc)).toEqual(["users", "write_files", "runcmd"]);
        expect(doc.users).toEqual([
            "default",
            {
                name: "drover",
                gecos: "drover automation",
                sudo: "ALL=(ALL) NOPASSWD:ALL",
                shell: "/bin/bash",
                lock_passwd: true,
                ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx drover"],
            },
        ]);
    });

    it("writes the config files as root-only YAML", () => {
        for (const f of doc.write_files.filter((w) => w.path.startsWith("/etc/rancher/rke2/"))) {
            expect(f).toMatchObject({ owner: "root:root", permissions: "0600" });
        }
        expect(fileBody(userData, "/etc/rancher/rke2/config.yaml")).toEqual({
            "node-name": "dev-a-cp-0",
            "write-kubeconfig-mode": "0600",
        });
        expect(fileBody(userData, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")).toEqual({
            token: "join-token-0123456789",
        });
    });

    it("decides join-or-init before installing, then installs the pinned version from get.rke2.io and starts the server", () => {
        expect(doc.runcmd).toEqual([
            "sh /usr/local/lib/drover/rke2-join-or-init.sh",
            "mkdir -p /usr/local/lib/drover",
            "curl -fsSL --retry 5 -o /usr/local/lib/drover/rke2-install.sh 'https://get.rke2.io'",
            "INSTALL_RKE2_VERSION='v1.31.4+rke2r1' INSTALL_RKE2_TYPE=server sh '/usr/local/lib/drover/rke2-install.sh'",
            "systemctl enable --now rke2-server.service",
        ]);
        const script = doc.write_files.find((w) => w.path === "/usr/local/lib/drover/rke2-join-or-init.sh");
        expect(script?.permissions).toBe("0755");
        expect(script?.content).toContain("'https://10.10.0.10:9345/ping'");
    });
});

describe("cloud-init of a joining server and an agent", () => {
    it("a joining server has no join-or-init step and its join drop-in names the server", () => {
        const userData = buildNodeUserData(clusterSpec(), joiningServer);
        const doc = parseCloudConfig(userData);
        expect(doc.runcmd.some((c) => c.includes("join-or-init"))).toBe(false);
        expect(doc.write_files.map((w) => w.path)).not.toContain("/usr/local/lib/drover/rke2-join-or-init.sh");
        expect(fileBody(userData, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")).toEqual({
            server: "https://10.10.0.10:9345",
            token: "join-token-0123456789",
        });
    });

    it("an agent installs the agent type and starts rke2-agent", () => {
        const doc = parseCloudConfig(buildNodeUserData(clusterSpec(), agent));
        expect(doc.runcmd).toContain(
            "INSTALL_RKE2_VERSION='v1.31.4+rke2r1' INSTALL_RKE2_TYPE=agent sh '/usr/local/lib/drover/rke2-install.sh'",
        );
        expect(doc.runcmd[doc.runcmd.length - 1]).toBe("systemctl enable --now rke2-agent.service");
    });
});

describe("cloud-init with the CIS profile", () => {
    const spec = clusterSpec({ profile: "cis" });

    it("creates the etcd user and installs the sysctl file before the server starts", () => {
        const cmds = parseCloudConfig(buildNodeUserData(spec, joiningServer)).runcmd;
        const user = index(cmds, /useradd -r -c "etcd user" -s \/sbin\/nologin -M etcd -U/);
        const install = index(cmds, /^INSTALL_RKE2_VERSION=/);
        const sysctl = index(cmds, /\/etc\/sysctl\.d\/60-rke2-cis\.conf$/);
        const reload = index(cmds, /^systemctl restart systemd-sysctl$/);
        const start = index(cmds, /^systemctl enable --now rke2-server\.service$/);
        expect([user, install, sysctl, reload, start].every((i) => i >= 0)).toBe(true);
        expect(user).toBeLessThan(start);
        // The sysctl file ships with RKE2, so it is copied after the install and before the start.
        expect(install).toBeLessThan(sysctl);
        expect(sysctl).toBeLessThan(reload);
        expect(reload).toBeLessThan(start);
        expect(cmds[sysctl]).toContain(
            "/usr/local/share/rke2/rke2-cis-sysctl.conf /usr/share/rke2/rke2-cis-sysctl.conf",
        );
    });

    it("agents get the sysctl file but no etcd user", () => {
        const cmds = parseCloudConfig(buildNodeUserData(spec, agent)).runcmd;
        expect(index(cmds, /useradd/)).toBe(-1);
        expect(index(cmds, /60-rke2-cis\.conf/)).toBeGreaterThanOrEqual(0);
    });

    it("writes the profile drop-in", () => {
        expect(fileBody(buildNodeUserData(spec, agent), "/etc/rancher/rke2/config.yaml.d/30-profile.yaml")).toEqual({
            profile: "cis",
            "protect-kernel-defaults": true,
        });
    });
});

describe("cloud-init when air-gapped", () => {
    const spec = airGappedSpec();
    const userData = buildNodeUserData(spec, firstServer);
    const doc = parseCloudConfig(userData);

    it("fetches artifacts and the install script only from the given server and installs from the artifact path", () => {
        const urls = doc.runcmd.flatMap((c) => [...c.matchAll(/https?:\/\/[^\s']+/g)].map((m) => m[0]));
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.every((u) => u.startsWith("http://hauler.example.internal:8080/"))).toBe(true);
        expect(doc.runcmd).toEqual(
            expect.arrayContaining([
                "mkdir -p '/opt/rke2-artifacts'",
                "curl -fsSL --retry 5 -o '/opt/rke2-artifacts/rke2.linux-amd64.tar.gz' 'http://hauler.example.internal:8080/rke2/rke2.linux-amd64.tar.gz'",
                "curl -fsSL --retry 5 -o '/opt/rke2-artifacts/sha256sum-amd64.txt' 'http://hauler.example.internal:8080/rke2/sha256sum-amd64.txt'",
                "INSTALL_RKE2_VERSION='v1.31.4+rke2r1' INSTALL_RKE2_TYPE=server INSTALL_RKE2_ARTIFACT_PATH='/opt/rke2-artifacts' sh '/usr/local/lib/drover/rke2-install.sh'",
            ]),
        );
        // Images come from the registry, so no image tarball is fetched.
        expect(doc.runcmd.some((c) => c.includes("rke2-images"))).toBe(false);
    });

    it("fetches the image tarball too when there is no private registry", () => {
        const noRegistry = airGappedSpec({ systemDefaultRegistry: undefined, registryMirrors: [], registryAuths: [] });
        const cmds = parseCloudConfig(buildNodeUserData(noRegistry, agent)).runcmd;
        expect(cmds).toContain(
            "curl -fsSL --retry 5 -o '/opt/rke2-artifacts/rke2-images.linux-amd64.tar.zst' 'http://hauler.example.internal:8080/rke2/rke2-images.linux-amd64.tar.zst'",
        );
    });

    it("uses an install script already on the image without downloading it", () => {
        const local = airGappedSpec({ installScript: "/opt/rke2-artifacts/install.sh", artifactUrl: undefined });
        const cmds = parseCloudConfig(buildNodeUserData(local, agent)).runcmd;
        expect(cmds.some((c) => c.startsWith("curl"))).toBe(false);
        expect(cmds).toContain(
            "INSTALL_RKE2_VERSION='v1.31.4+rke2r1' INSTALL_RKE2_TYPE=agent INSTALL_RKE2_ARTIFACT_PATH='/opt/rke2-artifacts' sh '/opt/rke2-artifacts/install.sh'",
        );
    });

    it("writes registries.yaml with mirror, auth and CA, and the CA file", () => {
        expect(fileBody(userData, "/etc/rancher/rke2/registries.yaml")).toEqual({
            mirrors: { "docker.io": { endpoint: ["https://hauler.example.internal:5000"] } },
            configs: {
                "hauler.example.internal:5000": {
                    auth: { username: "puller", password: "registry-pass-42" },
                    tls: { ca_file: "/etc/rancher/rke2/registry-ca/hauler.example.internal_5000.pem" },
                },
            },
        });
        const ca = doc.write_files.find(
            (w) => w.path === "/etc/rancher/rke2/registry-ca/hauler.example.internal_5000.pem",
        );
        expect(ca?.content).toBe("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        expect(doc.write_files.find((w) => w.path === "/etc/rancher/rke2/registries.yaml")?.permissions).toBe("0600");
    });

    it("keeps every secret inside a root-only file of the user data", () => {
        const secrets = ["registry-pass-42", "join-token-0123456789"];
        for (const s of secrets) {
            const holders = doc.write_files.filter((w) => w.content.includes(s));
            expect(holders.length).toBeGreaterThan(0);
            expect(holders.every((w) => w.permissions === "0600")).toBe(true);
            expect(doc.runcmd.some((c) => c.includes(s))).toBe(false);
        }
    });
});

describe("network data for static addresses", () => {
    it("renders netplan-style v2 config for the VM's NIC, with default route and DNS", () => {
        const text = buildNetworkData({
            ...agent,
            address: "10.10.0.31/24",
            gateway: "10.10.0.1",
            nameservers: ["10.10.0.2"],
        });
        expect(YAML.parse(text!)).toEqual({
            version: 2,
            ethernets: {
                primary: {
                    match: { name: "e*" },
                    dhcp4: false,
                    addresses: ["10.10.0.31/24"],
                    routes: [{ to: "0.0.0.0/0", via: "10.10.0.1" }],
                    nameservers: { addresses: ["10.10.0.2"] },
                },
            },
        });
    });

    it("is absent for DHCP", () => {
        expect(buildNetworkData(agent)).toBeUndefined();
    });
});
