/** A container image reference split into its parts (Docker's reference grammar). */
export interface ImageRef {
    /** Registry host (with port); `docker.io` when the reference names none. */
    registry: string;
    /** Repository path inside the registry, e.g. `library/nginx`. */
    repository: string;
    tag?: string;
    digest?: string;
}

/** Splits an image reference such as `registry.internal:5000/team/app:1.2@sha256:...` into its parts. */
export function parseImage(ref: string): ImageRef {
    const at = ref.indexOf("@");
    const digest = at >= 0 ? ref.slice(at + 1) : undefined;
    let name = at >= 0 ? ref.slice(0, at) : ref;
    let tag: string | undefined;
    const colon = name.lastIndexOf(":");
    if (colon > name.lastIndexOf("/")) {
        tag = name.slice(colon + 1);
        name = name.slice(0, colon);
    }
    const slash = name.indexOf("/");
    const first = slash >= 0 ? name.slice(0, slash) : "";
    const hasRegistry = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    const registry = hasRegistry ? first : "docker.io";
    let repository = hasRegistry ? name.slice(slash + 1) : name;
    if (!hasRegistry && !repository.includes("/")) {
        repository = `library/${repository}`;
    }
    return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/**
 * True when an image comes from one of the approved registries. An entry is a registry host (`registry.internal:5000`)
 * or a host with a path prefix (`registry.internal:5000/platform`).
 */
export function fromApprovedRegistry(image: ImageRef, approved: readonly string[]): boolean {
    const full = `${image.registry}/${image.repository}`;
    return approved.some((entry) => {
        const e = entry.replace(/\/+$/, "");
        return image.registry === e || full.startsWith(`${e}/`);
    });
}
