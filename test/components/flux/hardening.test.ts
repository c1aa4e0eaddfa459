import * as YAML from "yaml";
import {
    fluxControllerFlags,
    flagPatches,
    fluxInstanceHardening,
    FluxHardening,
    hardenFluxInstall,
    imageOverrides,
    networkPolicyDeletePatches,
    rewriteImage,
} from "../../../components/flux/hardening";
import { KubeObject, parseManifest } from "../../../components/flux/manifest";
import { FLUX_INSTALL } from "./fixtures";

const OFF: FluxHardening = { noCrossNamespaceRefs: false, noRemoteBases: false, networkPolicies: true };
const ALL: FluxHardening = {
    noCrossNamespaceRefs: true,
    noRemoteBases: true,
    defaultServiceAccount: "flux-tenant",
    networkPolicies: false,
};

function argsOf(objs: KubeObject[], deployment: string): string[] {
    const d = objs.find((o) => o.kind === "Deployment" && o.metadata.name === deployment) as unknown as {
        spec: { template: { spec: { containers: Array<{ args: string[] }> } } };
    };
    return d.spec.template.spec.containers[0].args;
}

const BASE_ARGS = ["--watch-all-namespaces=true", "--log-level=info"];
const EVENTS = "--events-addr=http://notification-controller.flux-system.svc.cluster.local./";

describe("controller flags", () => {
    it("maps each switch to the controllers Flux documents for it", () => {
        expect(Object.fromEntries(fluxControllerFlags(ALL))).toEqual({
            "kustomize-controller": [
                "--no-cross-namespace-refs=true",
                "--no-remote-bases=true",
                "--default-service-account=flux-tenant",
            ],
            "helm-controller": ["--no-cross-namespace-refs=true", "--default-service-account=flux-tenant"],
            "notification-controller": ["--no-cross-namespace-refs=true"],
            "image-reflector-controller": ["--no-cross-namespace-refs=true"],
            "image-automation-controller": ["--no-cross-namespace-refs=true"],
        });
        expect(fluxControllerFlags(OFF).size).toBe(0);
    });
});

describe("hardenFluxInstall (mode manifests)", () => {
    const objs = parseManifest(FLUX_INSTALL);

    it("changes nothing with everything off and the default registry", () => {
        expect(hardenFluxInstall(objs, OFF, "ghcr.io/fluxcd")).toEqual(objs);
    });

    it("appends the flags to each controller, drops the NetworkPolicies and moves the images, without touching its input", () => {
        const before = JSON.parse(JSON.stringify(objs)) as KubeObject[];
        const out = hardenFluxInstall(objs, ALL, "hauler.example.internal:5000/fluxcd");
        expect(objs).toEqual(before);
        expect(argsOf(out, "kustomize-controller")).toEqual([
            EVENTS,
            ...BASE_ARGS,
            "--no-cross-namespace-refs=true",
            "--no-remote-bases=true",
            "--default-service-account=flux-tenant",
        ]);
        expect(argsOf(out, "helm-controller")).toEqual([
            EVENTS,
            ...BASE_ARGS,
            "--no-cross-namespace-refs=true",
            "--default-service-account=flux-tenant",
        ]);
        expect(argsOf(out, "notification-controller")).toEqual([...BASE_ARGS, "--no-cross-namespace-refs=true"]);
        expect(argsOf(out, "source-controller")).toEqual([EVENTS, ...BASE_ARGS]);
        expect(out.filter((o) => o.kind === "NetworkPolicy")).toEqual([]);
        expect(out).toHaveLength(objs.length - 2);
        const images = out
            .filter((o) => o.kind === "Deployment")
            .map(
                (o) =>
                    (o.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec
                        .containers[0].image,
            );
        expect(images).toEqual([
            "hauler.example.internal:5000/fluxcd/source-controller:v1.7.0",
            "hauler.example.internal:5000/fluxcd/kustomize-controller:v1.7.0",
            "hauler.example.internal:5000/fluxcd/helm-controller:v1.7.0",
            "hauler.example.internal:5000/fluxcd/notification-controller:v1.7.0",
        ]);
    });

    it("gives the same result as the patches it writes for Git", () => {
        // Apply the JSON6902 "add .../args/-" patches by hand to the untouched objects and compare.
        const patched = JSON.parse(JSON.stringify(objs)) as KubeObject[];
        for (const p of flagPatches(ALL)) {
            const names = new RegExp(`^${p.target!.name!}$`);
            const [op] = YAML.parse(p.patch) as Array<{ op: string; path: string; value: string }>;
            expect(op.op).toBe("add");
            expect(op.path).toBe("/spec/template/spec/containers/0/args/-");
            for (const o of patched.filter((x) => x.kind === "Deployment" && names.test(x.metadata.name))) {
                argsOf([o], o.metadata.name).push(op.value);
            }
        }
        const hardened = hardenFluxInstall(objs, { ...ALL, networkPolicies: true }, "ghcr.io/fluxcd");
        for (const d of ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]) {
            expect(argsOf(hardened, d)).toEqual(argsOf(patched, d));
        }
    });
});

describe("rewriteImage and imageOverrides", () => {
    it.each([
        [
            "ghcr.io/fluxcd/source-controller:v1.7.0",
            "mirror.example/flux",
            "mirror.example/flux/source-controller:v1.7.0",
        ],
        ["ghcr.io/fluxcd/source-controller:v1.7.0", "ghcr.io/fluxcd", "ghcr.io/fluxcd/source-controller:v1.7.0"],
        ["docker.io/library/busybox:1", "mirror.example/flux", "docker.io/library/busybox:1"],
    ])("%s with registry %s → %s", (image, registry, expected) => {
        expect(rewriteImage(image, registry)).toBe(expected);
    });

    it("lists one kustomize image override per Flux image, without tags", () => {
        const objs = parseManifest(FLUX_INSTALL);
        expect(imageOverrides(objs, "ghcr.io/fluxcd")).toEqual([]);
        expect(imageOverrides(objs, "mirror.example/flux")).toEqual([
            { name: "ghcr.io/fluxcd/helm-controller", newName: "mirror.example/flux/helm-controller" },
            { name: "ghcr.io/fluxcd/kustomize-controller", newName: "mirror.example/flux/kustomize-controller" },
            { name: "ghcr.io/fluxcd/notification-controller", newName: "mirror.example/flux/notification-controller" },
            { name: "ghcr.io/fluxcd/source-controller", newName: "mirror.example/flux/source-controller" },
        ]);
    });
});

describe("network policy delete patches", () => {
    it("deletes each NetworkPolicy by name and namespace", () => {
        const patches = networkPolicyDeletePatches(parseManifest(FLUX_INSTALL));
        expect(patches.map((p) => YAML.parse(p.patch))).toEqual([
            {
                $patch: "delete",
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "allow-egress", namespace: "flux-system" },
            },
            {
                $patch: "delete",
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "allow-scraping", namespace: "flux-system" },
            },
        ]);
    });
});

describe("fluxInstanceHardening (mode operator)", () => {
    it("maps all three lock-down switches to the operator's multitenant profile", () => {
        expect(fluxInstanceHardening(ALL)).toEqual({
            cluster: { networkPolicy: false, multitenant: true, tenantDefaultServiceAccount: "flux-tenant" },
            patches: [],
        });
    });

    it("keeps the defaults with everything off", () => {
        expect(fluxInstanceHardening(OFF)).toEqual({ cluster: { networkPolicy: true }, patches: [] });
    });

    it("maps a partial set to one patch per flag", () => {
        const { cluster, patches } = fluxInstanceHardening({ ...OFF, noRemoteBases: true });
        expect(cluster).toEqual({ networkPolicy: true });
        expect(patches).toEqual([
            {
                target: { kind: "Deployment", name: "(kustomize-controller)" },
                patch: "- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --no-remote-bases=true\n",
            },
        ]);
    });

    it("runs the flux-system Kustomization as kustomize-controller when only a default service account is set", () => {
        const { patches } = fluxInstanceHardening({ ...OFF, defaultServiceAccount: "default" });
        expect(patches).toEqual([
            {
                target: { kind: "Deployment", name: "(kustomize-controller|helm-controller)" },
                patch: "- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --default-service-account=default\n",
            },
            {
                target: { kind: "Kustomization", name: "flux-system" },
                patch: "- op: add\n  path: /spec/serviceAccountName\n  value: kustomize-controller\n",
            },
        ]);
    });

    it("targets all five controllers for cross-namespace references", () => {
        const { patches } = fluxInstanceHardening({ ...OFF, noCrossNamespaceRefs: true });
        expect(patches.map((p) => p.target)).toEqual([
            {
                kind: "Deployment",
                name: "(kustomize-controller|helm-controller|notification-controller|image-reflector-controller|image-automation-controller)",
            },
        ]);
    });
});
