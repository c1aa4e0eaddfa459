import { cidrContains, parseCidr, parseIPv4 } from "../harvester/networkManifest";

export { cidrContains, parseCidr, parseIPv4 };

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i;

/** True for a dotted IPv4 address. */
export function isIPv4(s: string): boolean {
    return parseIPv4(s) !== undefined;
}

/** True for an IPv4 address or a DNS name (no scheme, no port): what RKE2 accepts in `server:` and `tls-san`. */
export function isHostAddress(s: string): boolean {
    return isIPv4(s) || (DNS_NAME.test(s) && !/^[\d.]+$/.test(s));
}

/** True for an IPv4 CIDR whose address has no host bits set, e.g. `10.42.0.0/16`. */
export function isNetworkCidr(s: string): boolean {
    const c = parseCidr(s);
    return c !== undefined && parseIPv4(s.split("/")[0]) === c.base;
}

/** True when two parsed IPv4 CIDRs share at least one address. */
export function cidrsOverlap(a: { base: number; bits: number }, b: { base: number; bits: number }): boolean {
    const bits = Math.min(a.bits, b.bits);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/** The address part of `10.10.0.21/24`. */
export function addressOf(cidr: string): string {
    return cidr.split("/")[0];
}
