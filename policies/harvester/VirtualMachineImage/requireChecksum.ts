import { TYPES } from "../../lib/kinds";
import { show } from "../../lib/format";
import { DroverResourcePolicy } from "../../lib/types";

interface ImageProps {
    spec?: { sourceType?: string; checksum?: string };
}

const SHA512 = /^[0-9a-fA-F]{128}$/;

/** Downloaded images carry a SHA-512 checksum that Harvester verifies. */
export const harvesterImageChecksum: DroverResourcePolicy = {
    name: "harvester-image-checksum",
    displayName: "VM images are checksummed",
    description:
        "A downloaded VirtualMachineImage sets spec.checksum to the image's SHA-512, so Harvester rejects a " +
        "tampered or truncated download.",
    severity: "high",
    tags: ["harvester", "supply-chain"],
    url: "https://github.com/harvester/harvester/blob/master/pkg/apis/harvesterhci.io/v1beta1/image.go",
    remediationSteps: "Give the HarvesterImage `checksum`: the output of `sha512sum <image file>`.",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachineImage) {
            return;
        }
        const spec = (args.props as ImageProps).spec ?? {};
        if (spec.sourceType !== "download") {
            args.notApplicable(`only downloaded images are checked; sourceType is ${show(spec.sourceType)}`);
        }
        const checksum = spec.checksum;
        if (checksum === undefined || checksum === "") {
            reportViolation(
                "spec.checksum is not set; give the image's SHA-512 (sha512sum <image>) so Harvester verifies the download",
            );
        } else if (!SHA512.test(checksum)) {
            reportViolation(
                `spec.checksum ${show(checksum)} is not a SHA-512 checksum (128 hex digits); use the output of sha512sum <image>`,
            );
        }
    },
};
