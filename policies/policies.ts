import { droverSettingsNoPlaintextSecrets } from "./drover/Component/noPlaintextSecretsInSettings";
import { fluxHttpsSecretCredentials } from "./flux/FluxBootstrap/httpsSecretCredentials";
import { fluxHardening } from "./flux/FluxBootstrap/requireHardening";
import { fluxSshKnownHostsPinned } from "./flux/FluxBootstrap/sshKnownHostsPinned";
import { fluxSyncInterval } from "./flux/FluxBootstrap/syncInterval";
import { harvesterVmNoManagementNetwork } from "./harvester/VirtualMachine/noManagementNetwork";
import { harvesterVmLiveMigratable } from "./harvester/VirtualMachine/requireLiveMigration";
import { harvesterVmResourceLimits } from "./harvester/VirtualMachine/requireResourceLimits";
import { harvesterVmSecureBoot } from "./harvester/VirtualMachine/requireSecureBoot";
import { harvesterImageStorageReplicas } from "./harvester/VirtualMachineImage/minStorageReplicas";
import { harvesterImageChecksum } from "./harvester/VirtualMachineImage/requireChecksum";
import { k8sNoClusterAdminBinding } from "./kubernetes/ClusterRoleBinding/noClusterAdminBinding";
import { k8sConfigMapNoSecrets } from "./kubernetes/ConfigMap/noSecretLookingKeys";
import { k8sNamespaceDefaultDeny } from "./kubernetes/Namespace/requireDefaultDeny";
import { k8sApprovedRegistries } from "./kubernetes/Workload/approvedRegistries";
import { k8sDropAllCapabilities } from "./kubernetes/Workload/dropAllCapabilities";
import { k8sNoHostNamespaces } from "./kubernetes/Workload/noHostNamespaces";
import { k8sNoHostPath } from "./kubernetes/Workload/noHostPath";
import { k8sNoLatestImage } from "./kubernetes/Workload/noLatestImage";
import { k8sNoPrivilegedContainers } from "./kubernetes/Workload/noPrivilegedContainers";
import { k8sResourceRequestsLimits } from "./kubernetes/Workload/requireResources";
import { k8sRunAsNonRoot } from "./kubernetes/Workload/runAsNonRoot";
import { DroverPolicy } from "./lib/types";
import { rancherNoInsecureRegistration } from "./rancher/RancherRegistration/noInsecureRegistration";
import { rke2ApprovedSystemRegistry } from "./rke2/Rke2Cluster/approvedSystemRegistry";
import { rke2EtcdSnapshotRetention } from "./rke2/Rke2Cluster/etcdSnapshotRetention";
import { rke2KubeconfigMode } from "./rke2/Rke2Cluster/kubeconfigMode";
import { rke2NoPlaintextToken } from "./rke2/Rke2Cluster/noPlaintextToken";
import { rke2CisProfile } from "./rke2/Rke2Cluster/requireCisProfile";
import { rke2EtcdSnapshotOffsite } from "./rke2/Rke2Cluster/requireOffsiteEtcdSnapshots";
import { rke2ServerCountOdd } from "./rke2/Rke2Cluster/requireOddServerCount";
import { rke2PinnedVersion } from "./rke2/Rke2Cluster/requirePinnedVersion";
import { rke2SecretsEncryptionProvider } from "./rke2/Rke2Cluster/requireSecretsEncryptionProvider";

/** Every policy of the drover pack, in the order POLICIES.md lists them. Importing this starts nothing. */
export const policies: DroverPolicy[] = [
    harvesterVmResourceLimits,
    harvesterVmNoManagementNetwork,
    harvesterVmSecureBoot,
    harvesterVmLiveMigratable,
    harvesterImageChecksum,
    harvesterImageStorageReplicas,
    rke2ServerCountOdd,
    rke2CisProfile,
    rke2SecretsEncryptionProvider,
    rke2EtcdSnapshotOffsite,
    rke2EtcdSnapshotRetention,
    rke2KubeconfigMode,
    rke2PinnedVersion,
    rke2ApprovedSystemRegistry,
    rke2NoPlaintextToken,
    rancherNoInsecureRegistration,
    fluxSshKnownHostsPinned,
    fluxHttpsSecretCredentials,
    fluxHardening,
    fluxSyncInterval,
    k8sNoPrivilegedContainers,
    k8sRunAsNonRoot,
    k8sNoHostNamespaces,
    k8sNoHostPath,
    k8sDropAllCapabilities,
    k8sNoLatestImage,
    k8sApprovedRegistries,
    k8sResourceRequestsLimits,
    k8sNoClusterAdminBinding,
    k8sConfigMapNoSecrets,
    k8sNamespaceDefaultDeny,
    droverSettingsNoPlaintextSecrets,
];
