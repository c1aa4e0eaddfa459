/** An RKE2 release: `v<major>.<minor>.<patch>[-rcN]+rke2r<N>` (rancher/rke2 release tags). */
export const RKE2_VERSION = /^v(\d+)\.(\d+)\.(\d+)(-rc\d+)?\+rke2r(\d+)$/;

export interface Rke2Version {
    major: number;
    minor: number;
    patch: number;
}

/** Parses an RKE2 release version, or returns undefined when it is not one. */
export function parseRke2Version(v: string): Rke2Version | undefined {
    const m = RKE2_VERSION.exec(v);
    if (!m) {
        return undefined;
    }
    return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** True when `v` is at least `major.minor.patch`. */
export function atLeast(v: Rke2Version, major: number, minor: number, patch = 0): boolean {
    if (v.major !== major) {
        return v.major > major;
    }
    if (v.minor !== minor) {
        return v.minor > minor;
    }
    return v.patch >= patch;
}

/**
 * `secrets-encryption-provider: secretbox` exists from v1.30.12, v1.31.8, v1.32.4 and v1.33.0
 * (rancher/rke2-docs docs/security/secrets_encryption.md).
 */
export function supportsSecretbox(v: Rke2Version): boolean {
    if (v.major !== 1) {
        return v.major > 1;
    }
    const firstPatch: Record<number, number> = { 30: 12, 31: 8, 32: 4 };
    if (v.minor >= 33) {
        return true;
    }
    const p = firstPatch[v.minor];
    return p !== undefined && v.patch >= p;
}

/**
 * CIS 1.11 (Kubernetes 1.29 and later) also wants `service-account-extend-token-expiration=false` on the
 * apiserver (rancher/rke2-docs docs/security/hardening_guide.md).
 */
export function cisNeedsTokenExpirationArg(v: Rke2Version): boolean {
    return atLeast(v, 1, 29);
}
