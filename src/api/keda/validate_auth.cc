// Validation of TriggerAuthentication and ClusterTriggerAuthentication: the CRD schema
// (../shared/reference/crds/keda.sh_triggerauthentications.yaml) and the admission webhook of
// keda.md §4.3 (triggerauthentication_webhook.go validateSpec).

#include <algorithm>
#include <cctype>

#include "api/keda/types.h"
#include "api/keda/validate_util.h"

namespace swell::api {
namespace {

using keda::OneOf;

// CRD: provider enum (required), identityOwner enum. keda.md §4.1: aws-eks is deprecated.
void ValidatePodIdentityShape(const AuthPodIdentity& p, const std::string& path,
                              Diagnostics& diags) {
  if (p.provider.empty()) {
    // Documentation snippets omit it; the CRD requires it, so kubectl rejects the object.
    diags.Warning(path + ".provider",
                  "provider is required by the CRD (kubectl rejects this object): one of "
                  "azure-workload, gcp, aws, none",
                  "keda/pod-identity");
  } else {
    OneOf(p.provider, {"azure-workload", "gcp", "aws", "aws-eks", "none"}, path + ".provider",
          diags, /*allow_empty=*/false, "keda/pod-identity");
  }
  if (p.provider == "aws-eks") {
    diags.Warning(path + ".provider",
                  "aws-eks is deprecated and will be removed in KEDA v3: use provider aws "
                  "(works with EKS Pod Identity and IRSA)",
                  "keda/pod-identity");
  }
  if (p.identity_owner) {
    OneOf(*p.identity_owner, {"keda", "workload"}, path + ".identityOwner", diags, false,
          "keda/pod-identity");
  }
}

bool SetAndEmpty(const std::optional<std::string>& v) { return v && v->empty(); }
bool NonEmpty(const std::optional<std::string>& v) { return v && !v->empty(); }

// keda.md §4.3, azure-workload: identityId and identityTenantId non-empty when set;
// identityAuthorityHost needs identityTenantId.
void ValidateAzureWorkload(const AuthPodIdentity& p, const std::string& path, Diagnostics& diags) {
  if (SetAndEmpty(p.identity_id)) {
    diags.Error(path + ".identityId", "must not be empty when set", "keda/pod-identity");
  }
  if (NonEmpty(p.identity_authority_host)) {
    if (!NonEmpty(p.identity_tenant_id)) {
      diags.Error(path + ".identityTenantId", "is required when identityAuthorityHost is set",
                  "keda/pod-identity");
    }
  } else if (SetAndEmpty(p.identity_tenant_id)) {
    diags.Error(path + ".identityTenantId", "must not be empty when set", "keda/pod-identity");
  }
}

// keda.md §4.3, aws: roleArn only when KEDA owns the identity; externalID needs roleArn.
void ValidateAws(const AuthPodIdentity& p, const std::string& path, Diagnostics& diags) {
  if (NonEmpty(p.role_arn) && p.identity_owner == "workload") {
    diags.Error(path + ".roleArn", "cannot be set with identityOwner workload",
                "keda/pod-identity");
  }
  if (NonEmpty(p.external_id) && !NonEmpty(p.role_arn)) {
    diags.Error(path + ".externalID", "requires roleArn", "keda/pod-identity");
  }
}

// Returns true when KEDA's webhook goes on to check oauth2 (it returns early for providers
// other than azure-workload and aws).
bool ValidateTopPodIdentity(const std::optional<AuthPodIdentity>& p, Diagnostics& diags) {
  if (!p) return true;
  ValidatePodIdentityShape(*p, "spec.podIdentity", diags);
  if (p->provider == "azure-workload") {
    ValidateAzureWorkload(*p, "spec.podIdentity", diags);
  } else if (p->provider == "aws") {
    ValidateAws(*p, "spec.podIdentity", diags);
  } else {
    return false;
  }
  return true;
}

// An http(s) URL with a host, as Go's url.Parse sees it.
bool IsHttpUrlWithHost(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return false;
  std::string scheme(url.substr(0, sep));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return false;
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  return !authority.empty();
}

// keda.md §4.3, oauth2. When the webhook skips these checks (enforced = false) they are
// warnings: KEDA admits the object but the token request fails.
void ValidateOAuth2(const OAuth2& o, bool enforced, Diagnostics& diags) {
  auto report = [&](const std::string& path, const std::string& msg) {
    if (enforced) {
      diags.Error(path, msg, "keda/oauth2");
    } else {
      diags.Warning(path, msg + " (KEDA's webhook skips this check with this podIdentity)",
                    "keda/oauth2");
    }
  };
  if (!o.type.empty() && o.type != "clientCredentials") {
    report("spec.oauth2.type", "\"" + o.type + "\" must be clientCredentials");
  }
  if (o.client_id.empty()) report("spec.oauth2.clientId", "is required");
  if (o.token_url.empty()) {
    report("spec.oauth2.tokenUrl", "is required");
  } else if (!IsHttpUrlWithHost(o.token_url)) {
    report("spec.oauth2.tokenUrl", "must be an http or https URL with a host");
  }
}

template <class T>
void RequireSecrets(const std::vector<T>& secrets, const std::string& path, Diagnostics& diags) {
  if (secrets.empty()) diags.Error(path, "at least one secret is required", "keda/schema");
}

// CRD rules of the secret stores: minItems 1 and enums; nested pod identities.
void ValidateSecretStores(const TriggerAuthenticationSpec& s, Diagnostics& diags) {
  if (const auto& v = s.hashi_corp_vault) {
    OneOf(v->authentication, {"token", "kubernetes"}, "spec.hashiCorpVault.authentication", diags,
          false);
    RequireSecrets(v->secrets, "spec.hashiCorpVault.secrets", diags);
    for (size_t i = 0; i < v->secrets.size(); i++) {
      OneOf(v->secrets[i].type, {"secretV2", "secret", "pki"},
            PathIndex("spec.hashiCorpVault.secrets", i) + ".type", diags);
    }
  }
  if (const auto& a = s.azure_key_vault) {
    RequireSecrets(a->secrets, "spec.azureKeyVault.secrets", diags);
    if (a->pod_identity) {
      ValidatePodIdentityShape(*a->pod_identity, "spec.azureKeyVault.podIdentity", diags);
    }
  }
  if (const auto& g = s.gcp_secret_manager) {
    RequireSecrets(g->secrets, "spec.gcpSecretManager.secrets", diags);
    if (g->pod_identity) {
      ValidatePodIdentityShape(*g->pod_identity, "spec.gcpSecretManager.podIdentity", diags);
    }
  }
  if (const auto& w = s.aws_secret_manager) {
    RequireSecrets(w->secrets, "spec.awsSecretManager.secrets", diags);
    if (w->pod_identity) {
      ValidatePodIdentityShape(*w->pod_identity, "spec.awsSecretManager.podIdentity", diags);
    }
  }
}

// keda.md §4.1, §11 item 5 (scale_resolvers.go): filePath is read only through a
// ClusterTriggerAuthentication, relative to --filepath-auth-root-path, without "..".
void ValidateFilePath(const std::string& file_path, bool cluster, Diagnostics& diags) {
  if (file_path.empty()) return;
  if (!cluster) {
    diags.Error("spec.filePath",
                "is only supported on ClusterTriggerAuthentication: KEDA fails every trigger "
                "that references this TriggerAuthentication",
                "keda/file-path");
  } else if (file_path.front() == '/' || file_path.find("..") != std::string::npos) {
    diags.Error("spec.filePath", "must be a relative path without \"..\"", "keda/file-path");
  }
}

bool HasAnySource(const TriggerAuthenticationSpec& s) {
  return s.pod_identity || !s.secret_target_ref.empty() || !s.env.empty() || s.hashi_corp_vault ||
         s.azure_key_vault || s.gcp_secret_manager || s.aws_secret_manager ||
         !s.config_map_target_ref.empty() || !s.bound_service_account_token.empty() ||
         !s.file_path.value.empty() || s.oauth2;
}

void ValidateSpec(const TriggerAuthenticationSpec& s, bool cluster, Diagnostics& diags) {
  if (!HasAnySource(s)) {
    diags.Warning("spec", "defines no authentication source: triggers using it get no parameters",
                  "keda/trigger-auth");
  }
  bool oauth_checked = ValidateTopPodIdentity(s.pod_identity, diags);
  if (s.oauth2) ValidateOAuth2(*s.oauth2, oauth_checked, diags);
  ValidateSecretStores(s, diags);
  ValidateFilePath(s.file_path.value, cluster, diags);
}

}  // namespace

void Validate(const TriggerAuthentication& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateSpec(o.spec, false, diags);
}

void Validate(const ClusterTriggerAuthentication& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, false, diags);
  ValidateSpec(o.spec, true, diags);
}

}  // namespace swell::api
