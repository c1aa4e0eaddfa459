/** Annotation and label keys Harvester reads (harvester/harvester pkg/util/constants.go). */
export const HARVESTER = {
    creator: "harvesterhci.io/creator",
    vmName: "harvesterhci.io/vmName",
    tagPrefix: "tag.harvesterhci.io/",
    description: "field.cattle.io/description",
    volumeClaimTemplates: "harvesterhci.io/volumeClaimTemplates",
    reservedMemory: "harvesterhci.io/reservedMemory",
    removedPVCs: "harvesterhci.io/removedPersistentVolumeClaims",
    sshNames: "harvesterhci.io/sshNames",
    waitForLease: "harvesterhci.io/waitForLeaseInterfaceNames",
    imageId: "harvesterhci.io/imageId",
    imageStorageClass: "harvesterhci.io/storageClassName",
    clusterNetwork: "network.harvesterhci.io/clusternetwork",
    networkType: "network.harvesterhci.io/type",
    route: "network.harvesterhci.io/route",
} as const;

/** The value drover writes into `harvesterhci.io/creator`. */
export const CREATOR = "drover";
