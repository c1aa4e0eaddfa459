import { z } from "zod";
import { isLabelKey, isLabelValue } from "../common/rules";
import { TAINT_EFFECTS } from "./constants";
import { isHostAddress, isIPv4, isNetworkCidr, parseCidr } from "./net";
import { RKE2_VERSION } from "./version";

/** zod rules for RKE2 arguments, each with a message that says how to fix the value. */

/** An RKE2 release version such as `v1.31.4+rke2r1`. */
export function rke2Version() {
    return z.string().refine((s) => RKE2_VERSION.test(s), {
        message: 'is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"',
    });
}

/** The fixed address nodes join through: an IPv4 address or a DNS name, without scheme or port. */
export function registrationAddress() {
    return z
        .string({
            error: (iss) =>
                iss.input === undefined
                    ? 'is required; give the fixed address every node joins through (a VIP, DNS name or load balancer address), e.g. "10.10.0.10"'
                    : undefined,
        })
        .refine(isHostAddress, {
            message:
                'is not an IPv4 address or DNS name (no scheme, no port); use e.g. "10.10.0.10" or "k8s.example.internal"',
        });
}

/** An IPv4 network such as `10.42.0.0/16`. */
export function networkCidr(example: string) {
    return z.string().refine(isNetworkCidr, {
        message: `is not an IPv4 network CIDR (address/prefix, no host bits set); use e.g. "${example}"`,
    });
}

/** A node's static address with its prefix length, such as `10.10.0.21/24`. */
export function hostCidr(example: string) {
    return z.string().refine((s) => parseCidr(s) !== undefined, {
        message: `is not an IPv4 address with a prefix length; use e.g. "${example}"`,
    });
}

/** An IPv4 address. */
export function ipv4(example: string) {
    return z.string().refine(isIPv4, { message: `is not an IPv4 address; use e.g. "${example}"` });
}

/** An IPv4 address or DNS name. */
export function hostAddress(example: string) {
    return z.string().refine(isHostAddress, {
        message: `is not an IPv4 address or DNS name (no scheme, no port); use e.g. "${example}"`,
    });
}

/** `host[:port]`, e.g. a registry or S3 endpoint. */
export function hostPort(example: string) {
    return z.string().refine(
        (s) => {
            const m = /^([^:/]+)(:(\d{1,5}))?$/.exec(s);
            return m !== null && isHostAddress(m[1]) && (m[3] === undefined || Number(m[3]) <= 65535);
        },
        { message: `is not "host" or "host:port" (no scheme, no path); use e.g. "${example}"` },
    );
}

/** True for a node taint in RKE2's `node-taint` syntax: `key=value:Effect` or `key:Effect`. */
export function isTaint(t: string): boolean {
    const m = /^([^=:]+)(=([^:]*))?:([A-Za-z]+)$/.exec(t);
    return (
        m !== null &&
        isLabelKey(m[1]) &&
        (m[3] === undefined || isLabelValue(m[3])) &&
        (TAINT_EFFECTS as readonly string[]).includes(m[4])
    );
}

/** A node taint. */
export function taint() {
    return z.string().refine(isTaint, {
        message:
            'is not a taint; use "key=value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute, e.g. "dedicated=gpu:NoSchedule"',
    });
}

/** An extra component flag, `flag=value` without leading dashes, e.g. `audit-log-maxage=30`. */
export function componentArg(example: string) {
    return z.string().refine((s) => /^[a-z0-9][a-z0-9-]*=.*$/.test(s), {
        message: `is not "flag=value" (without leading "--"); use e.g. "${example}"`,
    });
}

/** A five-field cron schedule. */
export function cron() {
    return z.string().refine((s) => s.trim().split(/\s+/).length === 5, {
        message: 'is not a five-field cron schedule; use e.g. "0 */6 * * *"',
    });
}

/** An octal file mode such as `0600`. */
export function octalMode() {
    return z.string().refine((s) => /^0?[0-7]{3}$/.test(s), {
        message: 'is not an octal file mode; use e.g. "0600"',
    });
}

/** An `http(s)://` URL. */
export function httpUrl(example: string) {
    return z.string().refine((s) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(s), {
        message: `is not an http(s):// URL; use e.g. "${example}"`,
    });
}

/** An absolute path on the node. */
export function absolutePath(example: string) {
    return z.string().refine((s) => /^\/[^\s'"]*$/.test(s), {
        message: `is not an absolute path on the node (no spaces or quotes); use e.g. "${example}"`,
    });
}

/** RKE2's install.sh: an `http(s)://` URL or an absolute path on the node. */
export function installScript() {
    return z.string().refine((s) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(s) || /^\/[^\s'"]*$/.test(s), {
        message:
            'is neither an http(s):// URL nor an absolute path on the node; use e.g. "http://files.example.internal:8080/install.sh"',
    });
}

/** An OpenSSH public key line. */
export function sshPublicKey() {
    return z.string().refine((s) => /^(ssh-|ecdsa-|sk-)\S+ [A-Za-z0-9+/]+={0,3}( .*)?$/.test(s.trim()), {
        message: 'is not an OpenSSH public key; use one line such as "ssh-ed25519 AAAAC3Nza... user@host"',
    });
}
