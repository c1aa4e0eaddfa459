// Package shim hands the Terraform tls provider to the Pulumi bridge.
//
// pulumi-tls's provider module imports it as a nested module that is neither in the
// provider's module zip nor on the module proxy, so build.sh recreates it: this file plus
// a go.mod generated from the provider's own requirements. Its module path lies under the
// upstream provider's path, which is what lets it import that provider's internal package.
package shim

import (
	tfpf "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-provider-tls/internal/provider"
)

// NewProvider returns the upstream Terraform Plugin Framework provider.
func NewProvider() tfpf.Provider {
	return provider.New()
}
