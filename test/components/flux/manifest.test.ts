import {
    checksumProblem,
    fetchManifest,
    isManifestUrl,
    loadLocalManifest,
    parseManifest,
    sha256Hex,
} from "../../../components/flux/manifest";
import { FLUX_INSTALL, removeFixtures, serve, writeFixture } from "./fixtures";

afterAll(removeFixtures);

describe("parseManifest", () => {
    it("reads every object of a multi-document manifest, in order, skipping empty documents", () => {
        const objs = parseManifest(FLUX_INSTALL + "---\n# trailing comment\n");
        expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
            "Namespace/flux-system",
            "CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io",
            "CustomResourceDefinition/kustomizations.kustomize.toolkit.fluxcd.io",
            "ResourceQuota/critical-pods-flux-system",
            "ServiceAccount/kustomize-controller",
            "ClusterRoleBinding/cluster-reconciler-flux-system",
            "NetworkPolicy/allow-egress",
            "NetworkPolicy/allow-scraping",
            "Service/source-controller",
            "Deployment/source-controller",
            "Deployment/kustomize-controller",
            "Deployment/helm-controller",
            "Deployment/notification-controller",
        ]);
    });

    it("flattens List kinds", () => {
        const objs = parseManifest(
            "apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: b } }\n",
        );
        expect(objs.map((o) => o.metadata.name)).toEqual(["a", "b"]);
    });

    it.each([
        ["", "contains no Kubernetes objects"],
        [
            "kind: ConfigMap\nmetadata: { name: a }\n",
            "document 1 is not a Kubernetes object with apiVersion, kind and metadata.name",
        ],
        [
            "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\nfoo: [unclosed\n",
            "document 2 is not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 6, column 1)",
        ],
    ])("rejects %j: %s", (text, message) => {
        expect(() => parseManifest(text)).toThrow(new Error(message));
    });
});

describe("checksums", () => {
    it("computes the SHA-256 that sha256sum prints", () => {
        expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });

    it("passes without a pin and names both checksums on a mismatch", () => {
        expect(checksumProblem("abc", undefined)).toBeUndefined();
        expect(checksumProblem("abc", sha256Hex("abc"))).toBeUndefined();
        expect(checksumProblem("abc", "0".repeat(64))).toBe(
            `has SHA-256 ${sha256Hex("abc")}, not the pinned manifestSha256 ${"0".repeat(64)}; check the file or update the checksum`,
        );
    });
});

describe("isManifestUrl", () => {
    it.each([
        ["https://files.example.internal/install.yaml", true],
        ["HTTP://files.example.internal/install.yaml", true],
        ["./vendor/install.yaml", false],
        ["/srv/hauler/install.yaml", false],
    ])("%s → %s", (s, url) => {
        expect(isManifestUrl(s)).toBe(url);
    });
});

describe("loadLocalManifest", () => {
    it("reads, checks and parses a local file", () => {
        const file = writeFixture("install.yaml", FLUX_INSTALL);
        const objs = loadLocalManifest(file, sha256Hex(FLUX_INSTALL));
        expect(Array.isArray(objs) && objs.length).toBe(13);
    });

    it("names the absolute path of a missing file", () => {
        const r = loadLocalManifest("/nonexistent/drover/install.yaml");
        expect(r).toEqual({
            problem:
                'cannot be read (looked for "/nonexistent/drover/install.yaml"); download the release\'s install.yaml there or give its URL',
        });
    });

    it("refuses a file whose checksum differs from the pin", () => {
        const file = writeFixture("altered.yaml", FLUX_INSTALL + "# altered\n");
        expect(loadLocalManifest(file, sha256Hex(FLUX_INSTALL))).toEqual({
            problem: `has SHA-256 ${sha256Hex(FLUX_INSTALL + "# altered\n")}, not the pinned manifestSha256 ${sha256Hex(FLUX_INSTALL)}; check the file or update the checksum`,
        });
    });

    it("refuses a file that is not a manifest", () => {
        const file = writeFixture("notes.yaml", "just: notes\n");
        expect(loadLocalManifest(file)).toEqual({
            problem:
                "is not a usable manifest: document 1 is not a Kubernetes object with apiVersion, kind and metadata.name",
        });
    });
});

describe("fetchManifest", () => {
    it("fetches, checks and parses a manifest from a file server", async () => {
        const srv = await serve({ "/flux/install.yaml": { body: FLUX_INSTALL } });
        try {
            const objs = await fetchManifest(
                `${srv.url}/flux/install.yaml`,
                sha256Hex(FLUX_INSTALL),
                "installManifest",
            );
            expect(objs).toHaveLength(13);
            expect(srv.hits).toEqual(["/flux/install.yaml"]);
        } finally {
            await srv.close();
        }
    });

    it("names the argument, the URL and the HTTP status when the server refuses", async () => {
        const srv = await serve({});
        try {
            await expect(fetchManifest(`${srv.url}/missing.yaml`, undefined, "operatorManifest")).rejects.toThrow(
                `operatorManifest "${srv.url}/missing.yaml" could not be fetched (HTTP 404 Not Found); check the URL, or download it and give a local path`,
            );
        } finally {
            await srv.close();
        }
    });

    it("refuses content that does not match the pinned checksum", async () => {
        const srv = await serve({ "/install.yaml": { body: "tampered" } });
        try {
            await expect(
                fetchManifest(`${srv.url}/install.yaml`, sha256Hex(FLUX_INSTALL), "installManifest"),
            ).rejects.toThrow(
                `installManifest "${srv.url}/install.yaml" has SHA-256 ${sha256Hex("tampered")}, not the pinned manifestSha256 ${sha256Hex(FLUX_INSTALL)}; check the file or update the checksum`,
            );
        } finally {
            await srv.close();
        }
    });

    it("fails with the cause when nothing listens", async () => {
        const srv = await serve({});
        const url = `${srv.url}/install.yaml`;
        await srv.close();
        await expect(fetchManifest(url, undefined, "installManifest")).rejects.toThrow(
            `installManifest "${url}" could not be fetched (fetch failed: ECONNREFUSED); check the URL, or download it and give a local path`,
        );
    });
});
