import { RKE2_PATHS } from "./constants";
import { RegistryAuthSpec, RegistryMirrorSpec } from "./spec";

/** Where a registry's CA bundle is written on the node. */
export function registryCaPath(host: string): string {
    return `${RKE2_PATHS.registryCaDir}/${host.replace(/[^A-Za-z0-9.-]/g, "_")}.pem`;
}

/**
 * The `registries.yaml` object (rancher/rke2-docs docs/install/private_registry.md): `mirrors` redirect pulls,
 * `configs` carry auth and TLS per registry host. Returns undefined when there is nothing to configure.
 */
export function buildRegistriesYaml(
    mirrors: RegistryMirrorSpec[],
    auths: RegistryAuthSpec[],
): Record<string, unknown> | undefined {
    if (mirrors.length === 0 && auths.length === 0) {
        return undefined;
    }
    const out: Record<string, unknown> = {};
    if (mirrors.length > 0) {
        out.mirrors = Object.fromEntries(
            mirrors.map((m) => [
                m.registry,
                {
                    endpoint: [...m.endpoints],
                    ...(m.rewrite && Object.keys(m.rewrite).length > 0 ? { rewrite: { ...m.rewrite } } : {}),
                },
            ]),
        );
    }
    if (auths.length > 0) {
        out.configs = Object.fromEntries(auths.map((a) => [a.host, registryConfig(a)]));
    }
    return out;
}

function registryConfig(a: RegistryAuthSpec): Record<string, unknown> {
    const cfg: Record<string, unknown> = {};
    if (a.username !== undefined || a.password !== undefined) {
        cfg.auth = {
            ...(a.username !== undefined ? { username: a.username } : {}),
            ...(a.password !== undefined ? { password: a.password } : {}),
        };
    }
    const tls: Record<string, unknown> = {};
    if (a.caPem !== undefined) {
        tls.ca_file = registryCaPath(a.host);
    }
    if (a.insecureSkipVerify !== undefined) {
        tls.insecure_skip_verify = a.insecureSkipVerify;
    }
    if (Object.keys(tls).length > 0) {
        cfg.tls = tls;
    }
    return cfg;
}
