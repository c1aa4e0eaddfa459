/** Heuristics for names and values that hold credentials. */

const SECRET_WORDS = new Set([
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
    "apikey",
    "privatekey",
    "secretkey",
    "accesskey",
]);
const SECRET_PAIRS = [
    ["api", "key"],
    ["private", "key"],
    ["access", "key"],
    ["secret", "key"],
    ["tls", "key"],
];
/** A last word that makes the key describe a secret rather than hold one: `passwordFile`, `tokenTTL`. */
const DESCRIBING_WORDS = new Set([
    "file",
    "path",
    "ref",
    "name",
    "source",
    "url",
    "endpoint",
    "type",
    "ttl",
    "length",
    "expiry",
    "expiration",
    "duration",
    "policy",
    "provider",
    "mode",
    "enabled",
    "pinned",
]);

/** The lower-case words of a key: `dbPassword` → `db password`, `API_KEY` → `api key`. */
export function keyWords(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w.length > 0)
        .map((w) => w.toLowerCase());
}

/** True for a key whose name says it holds a credential: `password`, `db-password`, `apiKey`, `tls.key`, `TOKEN`. */
export function isSecretLookingKey(key: string): boolean {
    const words = keyWords(key);
    if (words.length === 0 || DESCRIBING_WORDS.has(words[words.length - 1])) {
        return false;
    }
    if (words.some((w) => SECRET_WORDS.has(w))) {
        return true;
    }
    return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
const RKE2_SECURE_TOKEN = /^K10[0-9a-f]{64}::/;

/** What kind of credential a value is, judged by its shape, or undefined when it does not look like one. */
export function credentialKind(value: string): string | undefined {
    if (PEM_PRIVATE_KEY.test(value)) {
        return "a PEM private key";
    }
    if (URL_WITH_PASSWORD.test(value)) {
        return "a URL with a password in it";
    }
    if (RKE2_SECURE_TOKEN.test(value)) {
        return "an RKE2 join token";
    }
    return undefined;
}
