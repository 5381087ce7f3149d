package messaging

import "testing"

func TestSecretNames(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"without a revision", OrgSecret("o1", "", SecretAPIToken), "orgs/o1/whatsapp/api_token"},
		{"of a revision", OrgSecret("o1", "r7", SecretAppSecret), "orgs/o1/whatsapp/r7/app_secret"},
		{"the settings' revision", Settings{OrgID: "o1", SecretsRev: "r8"}.Secret(SecretVerifyToken), "orgs/o1/whatsapp/r8/verify_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
