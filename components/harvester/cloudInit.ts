import * as YAML from "yaml";

const CLOUD_CONFIG = "#cloud-config";

/**
 * Adds SSH public keys to `#cloud-config` user data under `ssh_authorized_keys`, keeping what is there and
 * never adding a key twice. Other user data formats (scripts, MIME multipart) are returned unchanged, because
 * their structure is not drover's to edit.
 */
export function addSshKeysToUserData(userData: string, publicKeys: string[]): string {
    const keys = publicKeys.map((k) => k.trim()).filter((k) => k.length > 0);
    if (keys.length === 0 || !userData.trimStart().startsWith(CLOUD_CONFIG)) {
        return userData;
    }
    const doc = YAML.parseDocument(userData);
    if (doc.errors.length > 0) {
        return userData;
    }
    const existing: unknown = doc.get("ssh_authorized_keys");
    const current = YAML.isSeq(existing) ? (existing.toJSON() as unknown[]).map(String) : [];
    const merged = [...current];
    for (const k of keys) {
        if (!merged.includes(k)) {
            merged.push(k);
        }
    }
    if (doc.contents === null || !YAML.isMap(doc.contents)) {
        doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
    }
    doc.set("ssh_authorized_keys", merged);
    const body = doc.toString({ lineWidth: 0 }).replace(/^#cloud-config\n\n/, `${CLOUD_CONFIG}\n`);
    return body.startsWith(CLOUD_CONFIG) ? body : `${CLOUD_CONFIG}\n${body}`;
}

/** Checks `#cloud-config` user data parses as a YAML mapping; returns the parser's message when not. */
export function cloudConfigYamlError(userData: string): string | undefined {
    if (!userData.trimStart().startsWith(CLOUD_CONFIG)) {
        return undefined;
    }
    const doc = YAML.parseDocument(userData);
    if (doc.errors.length > 0) {
        return doc.errors[0].message.split("\n")[0].replace(/:$/, "");
    }
    if (doc.contents !== null && !YAML.isMap(doc.contents)) {
        return "the document is not a mapping of cloud-init modules";
    }
    return undefined;
}
